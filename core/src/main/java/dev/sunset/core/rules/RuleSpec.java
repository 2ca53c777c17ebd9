package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One rule as its file states it, checked for everything that needs no class: which legacy method to find,
 * what replaces it and how, at which stage its calls run, and who is exempt. It is resolved against class
 * files later, per class loader or artifact ({@code dev.sunset.core.resolve}).
 *
 * @param id the rule's id
 * @param source the file it was read from
 * @param line the line of the rule in that file
 * @param legacy the legacy method, or the legacy class of a class rule
 * @param replacement the replacement, or null when the rule has none (it can then only observe, warn or deny): a
 *     method rule's replacement method, or a class rule's adapter class (a class {@link MemberRef})
 * @param shape how the replacement's parameters relate to the legacy ones, or null without a replacement and for a
 *     class rule
 * @param stage the stage the rule sets, before its schedule, allow list and baseline are applied
 * @param message the rule's message for people, or an empty string
 * @param allow call sites kept at {@link Stage#REDIRECT} while the rule warns or denies
 * @param baseline the baseline of tolerated call sites, or null
 * @param schedule the dates (UTC) from which the rule moves to a later stage
 * @param rollback when a redirected call site of the rule falls back to {@code observe} on its own, or null: never
 * @param members a class rule's adapter method names where they differ from the defaults, by legacy member, in the
 *     order written; empty for a method rule
 * @param replacementType the type a class rule's class is replaced by in source code, or null (only recipes read
 *     it: OpenRewrite's {@code ChangeType})
 */
@API(status = INTERNAL, since = "0.1.0")
public record RuleSpec(
    String id,
    RuleSource source,
    int line,
    MemberRef legacy,
    MemberRef replacement,
    ReplacementShape shape,
    Stage stage,
    String message,
    List<AllowEntry> allow,
    BaselineRef baseline,
    Map<Stage, LocalDate> schedule,
    Rollback rollback,
    Map<MemberName, AdapterName> members,
    MemberRef replacementType) {

  /** A rule; lists and maps are copied. */
  public RuleSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(legacy, "legacy");
    Objects.requireNonNull(stage, "stage");
    message = message == null ? "" : message;
    allow = List.copyOf(allow);
    schedule = Map.copyOf(schedule);
    members = members == null || members.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  /** A rule without {@code members:} or {@code replacementType:} (a method rule, or a class rule without them). */
  public RuleSpec(String id, RuleSource source, int line, MemberRef legacy, MemberRef replacement,
      ReplacementShape shape, Stage stage, String message, List<AllowEntry> allow, BaselineRef baseline,
      Map<Stage, LocalDate> schedule, Rollback rollback) {
    this(id, source, line, legacy, replacement, shape, stage, message, allow, baseline, schedule, rollback, Map.of(),
        null);
  }

  /** A rule without a rollback. */
  public RuleSpec(String id, RuleSource source, int line, MemberRef legacy, MemberRef replacement,
      ReplacementShape shape, Stage stage, String message, List<AllowEntry> allow, BaselineRef baseline,
      Map<Stage, LocalDate> schedule) {
    this(id, source, line, legacy, replacement, shape, stage, message, allow, baseline, schedule, null);
  }

  /** Whether the rule has a replacement: a method rule's replacement method or a class rule's adapter class. */
  public boolean hasReplacement() {
    return replacement != null;
  }

  /** Whether the rule is a class rule that names an adapter class, so that its uses can be redirected. */
  public boolean hasAdapter() {
    return legacy.isClass() && replacement != null;
  }

  /** The legacy member as written in the rules file. */
  public String legacyText() {
    return legacy.text();
  }

  /** The replacement as written in the rules file, or null. */
  public String replacementText() {
    return replacement == null ? null : replacement.text();
  }

  /** The replacement in the form people read, {@code com.acme.New.method}, or null. */
  public String replacementForPeople() {
    return replacement == null ? null : replacement.forPeople();
  }

  /** Where the rule is written, {@code rules.yaml:12}. */
  public String location() {
    return source.label() + ":" + line;
  }

  /** Whether another rule says the same thing, wherever it is written (a jar shipped twice, say). */
  public boolean sameDefinition(RuleSpec other) {
    return id.equals(other.id) && sameMembers(other) && stage == other.stage && message.equals(other.message)
        && allow.equals(other.allow) && Objects.equals(baseline, other.baseline) && schedule.equals(other.schedule)
        && (rollback == null ? other.rollback == null : rollback.sameAs(other.rollback));
  }

  /**
   * Whether another rule names the same legacy method and the same replacement (for a class rule: the same adapter,
   * adapter names and replacement type).
   */
  public boolean sameMembers(RuleSpec other) {
    return legacy.sameMember(other.legacy) && same(replacement, other.replacement) && shape == other.shape
        && members.equals(other.members) && same(replacementType, other.replacementType);
  }

  private static boolean same(MemberRef a, MemberRef b) {
    return a == null ? b == null : b != null && a.sameMember(b);
  }

  @Override
  public String toString() {
    return id + " (" + legacy.text() + ", " + stage.id() + ")";
  }
}
