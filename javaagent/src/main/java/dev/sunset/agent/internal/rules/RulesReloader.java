package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Re-reads the user's rules file when its text changes and puts a valid edit in force: an edit with a
 * problem of its own is refused with one line and the rules in force stay; a valid one replaces the user's
 * rules in every class loader and says what changed.
 */
public final class RulesReloader {
  /** What one change of the rules did to one rule. */
  public record Change(String ruleId, Kind kind, String detail) {
    /** The kinds of change. */
    public enum Kind {
      /** A new rule (it applies to classes loaded from now on). */
      ADDED,
      /** A rule gone: its sites run the legacy method, still counted. */
      REMOVED,
      /** The stage or the schedule changed. */
      STAGE,
      /** An operator's JMX override was dropped because the file changed the rule's stage or removed the rule. */
      OVERRIDE_DROPPED,
      /** The legacy method or the replacement changed (it applies to classes loaded from now on). */
      MEMBERS,
      /** The rollback was added, changed or removed. */
      ROLLBACK
    }

    /** The change, for people. */
    public String describe() {
      return switch (kind) {
        case ADDED -> "rule '" + ruleId + "' added at " + detail + " (applies to classes loaded from now on)";
        case REMOVED -> "rule '" + ruleId + "' removed (its call sites run the legacy method, still counted)";
        case STAGE -> "rule '" + ruleId + "' stage " + detail;
        case OVERRIDE_DROPPED -> "rule '" + ruleId + "' JMX override dropped";
        case MEMBERS -> "rule '" + ruleId + "' members changed (applies to classes loaded from now on)";
        case ROLLBACK -> "rule '" + ruleId + "' rollback " + detail;
      };
    }
  }

  /** What a look at the rules file found. */
  public sealed interface Outcome {
    /** The file's text is as it was. */
    record Unchanged() implements Outcome {}

    /** The edit was refused for these problems (never empty; {@code reason} says the first): the rules in force stay. */
    record Refused(String reason, List<Problem> problems) implements Outcome {}

    /** The edit is in force. */
    record Applied(int rules, List<Change> changes) implements Outcome {}
  }

  private final Path rulesFile;
  private final RulesInForce rules;
  private final StageResolver stages;
  private String textInForce;

  /** A reloader of {@code rulesFile} (never null) into {@code rules}, whose text in force is {@code text}. */
  public RulesReloader(Path rulesFile, RulesInForce rules, StageResolver stages, String textInForce) {
    this.rulesFile = rulesFile;
    this.rules = rules;
    this.stages = stages;
    this.textInForce = textInForce;
  }

  /** The rules file this reloader reads. */
  public Path file() {
    return rulesFile;
  }

  /** Reads the rules file now; puts an edit in force if it is valid. */
  public synchronized Outcome reloadIfChanged() {
    String text;
    try {
      text = RuleSource.read(rulesFile);
    } catch (IOException e) {
      if (textInForce != null) {
        AgentLog.once(LogTopic.RULES_UNREADABLE, e.getMessage(),
            "rules edit refused: " + rulesFile + " cannot be read ("
            + e.getMessage() + "); the rules in force are unchanged");
      }
      return new Outcome.Unchanged();
    }
    if (text.equals(textInForce)) {
      return new Outcome.Unchanged();
    }
    textInForce = text;
    RulesReader.Result next = rules.read(RuleSource.userFile(rulesFile), text);
    if (!next.problems().isEmpty()) {
      List<Problem> own = next.problems();
      String reason = own.get(0).describe() + (own.size() > 1 ? " (and " + (own.size() - 1) + " more problems)" : "");
      return new Outcome.Refused(reason, List.copyOf(own));
    }
    List<RuleSpec> before = rules.all();
    rules.replaceUserRules(rules.userFile(RuleSource.userFile(rulesFile), text, next));
    return new Outcome.Applied(next.rules().size(), changes(before, rules.all()));
  }

  /** Describes what changed, and clears operator overrides of rules whose stage or schedule was edited or removed. */
  private List<Change> changes(List<RuleSpec> before, List<RuleSpec> after) {
    Map<String, RuleSpec> old = before.stream().collect(Collectors.toMap(RuleSpec::id, Function.identity(), (a, b) -> a));
    Map<String, RuleSpec> now = after.stream().collect(Collectors.toMap(RuleSpec::id, Function.identity(), (a, b) -> a));
    List<Change> changes = new ArrayList<>();
    for (RuleSpec r : after) {
      RuleSpec o = old.get(r.id());
      if (o == null) {
        changes.add(new Change(r.id(), Change.Kind.ADDED, r.stage().id()));
        continue;
      }
      if (o.stage() != r.stage() || !o.schedule().equals(r.schedule())) {
        if (stages.clearOverride(r.id())) {
          changes.add(new Change(r.id(), Change.Kind.OVERRIDE_DROPPED, ""));
        }
        changes.add(new Change(r.id(), Change.Kind.STAGE, stages.ruleStage(o).id() + " -> " + stages.ruleStage(r).id()));
      }
      if (!o.sameMembers(r)) {
        changes.add(new Change(r.id(), Change.Kind.MEMBERS, ""));
      }
      if (o.rollback() == null ? r.rollback() != null : !o.rollback().sameAs(r.rollback())) {
        changes.add(new Change(r.id(), Change.Kind.ROLLBACK, (o.rollback() == null ? "none" : o.rollback().toString())
            + " -> " + (r.rollback() == null ? "none" : r.rollback().toString())));
      }
    }
    for (RuleSpec o : before) {
      if (!now.containsKey(o.id())) {
        // an override belongs to the rule it was set on: a rule added again later under the same id starts afresh
        if (stages.clearOverride(o.id())) {
          changes.add(new Change(o.id(), Change.Kind.OVERRIDE_DROPPED, ""));
        }
        changes.add(new Change(o.id(), Change.Kind.REMOVED, ""));
      }
    }
    return changes;
  }
}
