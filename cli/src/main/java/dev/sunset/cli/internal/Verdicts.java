package dev.sunset.cli.internal;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.format.Formats;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.scan.ScannedSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per rule, from the static inventory (the call sites in the artifacts) and the runtime evidence (the calls
 * reports or Prometheus counted): {@code migrated}, {@code dead} or {@code in-use}, with the sites.
 */
final class Verdicts {
  /** What a rule's evidence says. */
  enum Verdict {
    /** No call site left in the artifacts and no call seen: the legacy method can be deleted. */
    MIGRATED("migrated"),
    /** Call sites remain, but none was called in the evidence: delete them with their dead code, or migrate them. */
    DEAD("dead"),
    /** Some call sites ran. */
    IN_USE("in-use");

    final String id;

    Verdict(String id) {
      this.id = id;
    }
  }

  /** A rule of the inventory. */
  record InventoryRule(String id, String legacy) {}

  /** A call site of the inventory. */
  record InventorySite(SiteKey key, String descriptor, String file, String codeSource) {}

  /** The static inventory: rules in force and their call sites in the artifacts. */
  record Inventory(List<InventoryRule> rules, List<InventorySite> sites) {}

  /** The calls seen at one call site. */
  static final class Seen {
    final SiteKey key;
    String descriptor;
    String file;
    String codeSource;
    long count;

    Seen(SiteKey key) {
      this.key = key;
    }
  }

  /** The runtime evidence: calls per site, and calls a rule got that no site is named for (overflow series). */
  static final class Evidence {
    final Map<SiteKey, Seen> sites = new LinkedHashMap<>();
    final Map<String, Long> unattributed = new LinkedHashMap<>();
    final Map<String, String> legacyOf = new LinkedHashMap<>();

    Seen at(SiteKey key) {
      return sites.computeIfAbsent(key, Seen::new);
    }
  }

  /** A site in a verdict. */
  record Site(SiteKey key, String descriptor, String file, String codeSource, long count, boolean inArtifacts) {}

  /** One rule's verdict. */
  record RuleVerdict(String id, String legacy, Verdict verdict, long calls, long unattributedCalls, List<Site> sites) {}

  private Verdicts() {}

  static List<RuleVerdict> decide(Inventory inventory, Evidence evidence) {
    Map<String, String> legacy = new LinkedHashMap<>();
    for (InventoryRule r : inventory.rules()) {
      legacy.put(r.id(), r.legacy());
    }
    TreeSet<String> evidenceOnly = new TreeSet<>();
    for (SiteKey k : evidence.sites.keySet()) {
      if (!legacy.containsKey(k.rule())) {
        evidenceOnly.add(k.rule());
      }
    }
    for (String rule : evidence.unattributed.keySet()) {
      if (!legacy.containsKey(rule)) {
        evidenceOnly.add(rule);
      }
    }
    for (String rule : evidenceOnly) {
      legacy.put(rule, evidence.legacyOf.get(rule));
    }
    List<RuleVerdict> verdicts = new ArrayList<>();
    for (Map.Entry<String, String> rule : legacy.entrySet()) {
      Map<SiteKey, Site> sites = new LinkedHashMap<>();
      for (InventorySite s : inventory.sites()) {
        if (s.key().rule().equals(rule.getKey()) && !sites.containsKey(s.key())) {
          Seen seen = evidence.sites.get(s.key());
          sites.put(s.key(), new Site(s.key(), s.descriptor(), s.file(), s.codeSource(),
              seen == null ? 0 : seen.count, true));
        }
      }
      for (Seen seen : evidence.sites.values()) {
        if (seen.key.rule().equals(rule.getKey()) && !sites.containsKey(seen.key)) {
          sites.put(seen.key, new Site(seen.key, seen.descriptor, seen.file, seen.codeSource, seen.count, false));
        }
      }
      List<Site> ordered = new ArrayList<>(sites.values());
      ordered.sort(Comparator.comparingLong(Site::count).reversed()
          .thenComparing(s -> s.key().className()).thenComparing(s -> s.key().method())
          .thenComparingInt(s -> s.key().line()));
      long unattributed = evidence.unattributed.getOrDefault(rule.getKey(), 0L);
      long calls = unattributed + ordered.stream().mapToLong(Site::count).sum();
      Verdict verdict = calls > 0 ? Verdict.IN_USE : ordered.isEmpty() ? Verdict.MIGRATED : Verdict.DEAD;
      verdicts.add(new RuleVerdict(rule.getKey(), rule.getValue(), verdict, calls, unattributed, ordered));
    }
    return verdicts;
  }

  static String json(List<RuleVerdict> verdicts, Instant now, Map<String, Object> evidence) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", Formats.VERDICT);
    root.put("generatedAt", now.toString());
    root.put("evidence", evidence);
    List<Object> rules = new ArrayList<>();
    for (RuleVerdict v : verdicts) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", v.id());
      r.put("legacy", v.legacy());
      r.put("verdict", v.verdict().id);
      r.put("calls", v.calls());
      if (v.unattributedCalls() > 0) {
        r.put("unattributedCalls", v.unattributedCalls());
      }
      List<Object> sites = new ArrayList<>();
      for (Site s : v.sites()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", s.key().className());
        m.put("method", s.key().method());
        m.put("descriptor", s.descriptor());
        m.put("line", s.key().line());
        m.put("file", s.file());
        m.put("codeSource", s.codeSource());
        m.put("count", s.count());
        m.put("inArtifacts", s.inArtifacts());
        sites.add(m);
      }
      r.put("sites", sites);
      rules.add(r);
    }
    root.put("rules", rules);
    try {
      return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String table(List<RuleVerdict> verdicts) {
    StringBuilder sb = new StringBuilder();
    for (RuleVerdict v : verdicts) {
      long never = v.sites().stream().filter(s -> s.count() == 0).count();
      String what = switch (v.verdict()) {
        case MIGRATED -> "no call site left and no call seen: the legacy method can be deleted";
        case DEAD -> String.format(Locale.ROOT, "%,d call site%s left, none called: delete them with their dead code,"
            + " or migrate them", v.sites().size(), v.sites().size() == 1 ? "" : "s");
        case IN_USE -> String.format(Locale.ROOT, "%,d calls; %,d call site%s, %,d never called", v.calls(),
            v.sites().size(), v.sites().size() == 1 ? "" : "s", never);
      };
      sb.append(v.id()).append("  ").append(v.verdict().id).append("  ").append(what).append('\n');
      if (!v.sites().isEmpty()) {
        List<String[]> rows = new ArrayList<>();
        for (Site s : v.sites()) {
          rows.add(new String[] {"   " + String.format(Locale.ROOT, "%,d", s.count()),
              ScannedSite.location(s.file(), s.key().line()), s.key().className() + "." + s.key().method(),
              s.codeSource() + (s.inArtifacts() ? "" : " (not in the scanned artifacts)")});
        }
        sb.append(Table.render(rows));
      }
      if (v.unattributedCalls() > 0) {
        sb.append(String.format(Locale.ROOT, "   %,d calls beyond the agent's series cap, not attributed to a site%n",
            v.unattributedCalls()));
      }
    }
    return sb.toString();
  }
}
