package dev.sunset.agent.internal;

import dev.sunset.agent.internal.linkage.StageChange;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.agent.internal.rules.RulesReloader;
import dev.sunset.agent.internal.rules.StageResolver;
import dev.sunset.core.text.Counted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rules file in force: re-read when its text changes (the agent's thread), or switched to another by a second
 * attach; either way read and checked whole, applied only if it is sound, and every site relinked to it. One read at
 * a time.
 */
final class RulesFileWatch {
  private final RulesInForce rules;
  private final StageResolver stages;
  private final StageKeeper keeper;
  /** The rules file's reloader: replaced when a second attach switches the rules file (under {@link #lock}). */
  private volatile RulesReloader reloader;
  /** Taken to read the rules file into force, by the agent's thread and by a second attach: one at a time. */
  private final Object lock = new Object();

  /** Watches {@code reloader}'s file (null: none until an attach names one). */
  RulesFileWatch(RulesInForce rules, StageResolver stages, StageKeeper keeper, RulesReloader reloader) {
    this.rules = rules;
    this.stages = stages;
    this.keeper = keeper;
    this.reloader = reloader;
  }

  /** The rules file in force, for people: {@code " with the rules of <file>"}, or that there is none. */
  String describe() {
    RulesReloader r = reloader;
    return r == null ? " without a rules file (the rules the application's jars ship apply)"
        : " with the rules of " + r.file();
  }

  /** Re-reads the rules file if its text changed; returns whether new rules took effect. */
  boolean reloadIfChanged() {
    synchronized (lock) {
      RulesReloader r = reloader;
      if (r == null) {
        return false;
      }
      RulesReloader.Outcome outcome = r.reloadIfChanged();
      if (outcome instanceof RulesReloader.Outcome.Refused refused) {
        AgentLog.info("rules edit refused: " + refused.reason() + "; the rules in force are unchanged");
        rules.problems().editRefused(refused.problems());
        return false;
      }
      if (outcome instanceof RulesReloader.Outcome.Applied applied) {
        AgentLog.info("rules reloaded from " + apply(applied, r.file(), StageChange.Cause.RELOAD));
        return true;
      }
      return false;
    }
  }

  /**
   * Switches to the rules of {@code file} (a second attach): read and checked as an edit of the rules file is, and
   * applied the same way; says what it did.
   */
  AttachReply switchTo(Path file) {
    if (!Files.isReadable(file)) {
      return new AttachReply(AttachReply.Outcome.REFUSED, file + " cannot be read; it keeps the rules in force"
          + describe());
    }
    synchronized (lock) {
      RulesReloader switched = new RulesReloader(file, rules, stages, null);
      RulesReloader.Outcome outcome = switched.reloadIfChanged();
      if (outcome instanceof RulesReloader.Outcome.Refused refused) {
        rules.problems().editRefused(refused.problems());
        return new AttachReply(AttachReply.Outcome.REFUSED, file + " refused: " + refused.reason()
            + "; it keeps the rules in force" + describe());
      }
      if (!(outcome instanceof RulesReloader.Outcome.Applied applied)) {
        return new AttachReply(AttachReply.Outcome.REFUSED, file + " cannot be read; it keeps the rules in force"
            + describe());
      }
      reloader = switched;
      return new AttachReply(AttachReply.Outcome.APPLIED, "switched to the rules of "
          + apply(applied, file, StageChange.Cause.ATTACH));
    }
  }

  /** Relinks every site to the rules just read from {@code file}; says what changed. */
  private String apply(RulesReloader.Outcome.Applied applied, Path file, StageChange.Cause cause) {
    int relinked = keeper.rulesChanged(cause);
    List<String> changes = applied.changes().stream().map(RulesReloader.Change::describe).toList();
    return file + ": " + Counted.of(applied.rules(), "rule") + ", " + Counted.of(relinked, "call site") + " relinked"
        + (changes.isEmpty() ? "" : "; " + String.join("; ", changes));
  }
}
