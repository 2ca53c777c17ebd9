package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.report.SiteMatch;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.BaselineRef;
import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Baselines read from Sunset reports or scans: the call sites, keyed on rule, class, method and line, and for a class
 * rule's site also on its use and member, that a rule tolerates ({@link RecordedSites#contains(UseKey, SiteMatch)}, as
 * {@code sunset check} matches them): a field read beside a tolerated {@code new} on one line is not tolerated, and
 * an entry naming no member (a file written before class rules) tolerates every use at its site, as it did. A file
 * that cannot be read tolerates nothing and is reported once.
 */
public final class Baselines {
  private record Loaded(FileTime modified, RecordedSites sites) {}

  private static final RecordedSites NONE = new RecordedSites("none", Set.of());

  private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

  /** Whether the baseline lists this use (a call site of the rule, with its use and member). */
  public boolean tolerates(BaselineRef ref, UseKey use) {
    Loaded cached = cache.get(ref.file());
    Loaded loaded = cached != null ? cached : load(ref.file());
    return loaded.sites().contains(use, ref.tolerateLineShifts() ? SiteMatch.METHOD : SiteMatch.LINE);
  }

  /**
   * Re-reads every baseline whose file changed since it was read; returns whether any did, so that call
   * sites can be re-evaluated.
   */
  public boolean refresh() {
    boolean changed = false;
    for (Map.Entry<Path, Loaded> e : cache.entrySet()) {
      FileTime now;
      try {
        now = Files.getLastModifiedTime(e.getKey());
      } catch (IOException ex) {
        now = null;
      }
      if (!Objects.equals(now, e.getValue().modified())) {
        cache.remove(e.getKey());
        load(e.getKey());
        changed = true;
      }
    }
    return changed;
  }

  private Loaded load(Path file) {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      AgentLog.once(LogTopic.BASELINE_MISSING, file, "baseline " + file + " cannot be read (" + e.getMessage()
          + "); it tolerates no call site");
      Loaded none = new Loaded(null, NONE);
      cache.put(file, none);
      return none;
    }
    Loaded cached = cache.get(file);
    if (cached != null && modified.equals(cached.modified())) {
      return cached;
    }
    try {
      Loaded fresh = new Loaded(modified, RecordedSites.read(file));
      cache.put(file, fresh);
      return fresh;
    } catch (IOException | RuntimeException e) {
      AgentLog.once(LogTopic.BASELINE_BAD, List.of(file, modified), "baseline " + file + " " + e.getMessage()
          + "; it tolerates no call site");
      Loaded none = new Loaded(modified, NONE);
      cache.put(file, none);
      return none;
    }
  }
}
