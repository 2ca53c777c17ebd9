package dev.sunset.agent.internal.rules;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.agent.internal.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Baselines read from Sunset reports: the call sites, keyed on rule, class, method and line, that a rule
 * tolerates. A report that cannot be read tolerates nothing and is reported once.
 */
public final class Baselines {
  private static final class Loaded {
    final FileTime modified;
    final Set<String> exact;
    final Set<String> byMethod;

    Loaded(FileTime modified, Set<String> exact, Set<String> byMethod) {
      this.modified = modified;
      this.exact = exact;
      this.byMethod = byMethod;
    }
  }

  private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

  /** Whether the baseline lists this call site of the rule. */
  public boolean tolerates(BaselineRef ref, String ruleId, String className, String methodName, int line) {
    Loaded cached = cache.get(ref.file());
    Loaded loaded = cached != null ? cached : load(ref.file());
    String method = ruleId + "|" + className + "|" + methodName;
    return ref.tolerateLineShifts() ? loaded.byMethod.contains(method) : loaded.exact.contains(method + "|" + line);
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
      if (!java.util.Objects.equals(now, e.getValue().modified)) {
        cache.remove(e.getKey());
        load(e.getKey());
        changed = true;
      }
    }
    return changed;
  }

  /**
   * Reads a baseline now, returning a problem line or null; used to refuse a rule whose baseline is bad
   * before it takes effect.
   */
  public String check(Path file) {
    try {
      read(file);
      return null;
    } catch (IOException | RuntimeException e) {
      return "baseline " + file + " cannot be read as a Sunset report: " + e.getMessage();
    }
  }

  private Loaded load(Path file) {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      AgentLog.once("baseline-missing:" + file, "baseline " + file + " cannot be read (" + e.getMessage()
          + "); it tolerates no call site");
      Loaded none = new Loaded(null, Set.of(), Set.of());
      cache.put(file, none);
      return none;
    }
    Loaded cached = cache.get(file);
    if (cached != null && modified.equals(cached.modified)) {
      return cached;
    }
    try {
      Loaded fresh = read(file);
      cache.put(file, fresh);
      return fresh;
    } catch (IOException | RuntimeException e) {
      AgentLog.once("baseline-bad:" + file + modified, "baseline " + file + " is not a Sunset report ("
          + e.getMessage() + "); it tolerates no call site");
      Loaded none = new Loaded(modified, Set.of(), Set.of());
      cache.put(file, none);
      return none;
    }
  }

  private static Loaded read(Path file) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    Map<String, Object> report = JSON.std.mapFrom(Files.readString(file));
    Object format = report.get("format");
    if (format == null || !String.valueOf(format).startsWith("sunset-report/")) {
      throw new IOException("'format' is not sunset-report/1");
    }
    Object sites = report.get("callSites");
    if (!(sites instanceof List)) {
      throw new IOException("'callSites' is not a list");
    }
    Set<String> exact = new HashSet<>();
    Set<String> byMethod = new HashSet<>();
    int index = 0;
    for (Object o : (List<?>) sites) {
      if (!(o instanceof Map)) {
        throw new IOException("callSites[" + index + "] is not an object");
      }
      Map<?, ?> site = (Map<?, ?>) o;
      Object rule = site.get("rule");
      Object cls = site.get("class");
      Object method = site.get("method");
      Object line = site.get("line");
      if (rule == null || cls == null || method == null || !(line instanceof Number)) {
        throw new IOException("callSites[" + index + "] lacks rule, class, method or line");
      }
      String key = rule + "|" + cls + "|" + method;
      byMethod.add(key);
      exact.add(key + "|" + ((Number) line).intValue());
      index++;
    }
    return new Loaded(modified, exact, byMethod);
  }
}
