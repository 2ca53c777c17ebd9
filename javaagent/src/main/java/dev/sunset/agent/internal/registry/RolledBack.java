package dev.sunset.agent.internal.registry;

import dev.sunset.core.rules.RuleSpec;
import java.time.Instant;

/**
 * A site that rolled back to {@code observe}: its rule's replacement threw too often there.
 *
 * @param at when
 * @param reason why, in one line (counts and the window only: never a call's values or an exception's message)
 * @param rule the rule as it was: a rules-file edit of that rule ends the rollback
 */
public record RolledBack(Instant at, String reason, RuleSpec rule) {}
