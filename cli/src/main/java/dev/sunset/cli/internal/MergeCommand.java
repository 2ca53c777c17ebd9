package dev.sunset.cli.internal;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.format.Formats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sunset merge}: fleet reports into one. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Merges agent reports (sunset-report/1) from several JVMs or runs into one report: counts summed "
        + "per site (rule, class, method, descriptor, line), counts by stage summed, the earliest first call kept, "
        + "the sites of every input listed. The result is a report too: a baseline for check, evidence for verdict."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 done, 2 bad input: a missing file, or one that is not a sunset-report/1 (one line on "
        + "standard error), 3 Sunset failed."})
public final class MergeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The merged report.")
  Path output;

  @Parameters(paramLabel = "REPORT", arity = "1..*", description = "Agent reports (sunset-report/1).")
  List<Path> reports;

  /** The identity of a site across reports. */
  private record Key(String rule, String className, String method, String descriptor, int line) {}

  /** One site being merged. */
  private static final class Merged {
    final ReportFile.Site first;
    long count;
    final Map<String, Long> byStage = new TreeMap<>();
    Instant firstCallAt;
    String stage;
    Instant stageAt;
    final Set<String> codeSources = new TreeSet<>();
    boolean methodReference;
    String via;
    String calledThrough;
    String file;

    Merged(ReportFile.Site first) {
      this.first = first;
    }
  }

  @Override
  public Integer call() throws BadInput {
    List<ReportFile> inputs = new ArrayList<>();
    for (Path p : reports) {
      inputs.add(ReportFile.read(p));
    }
    String json = merge(inputs, Clock.systemUTC().instant());
    Output.write(output, json + "\n", spec.commandLine().getOut());
    long sites = inputs.stream().flatMap(r -> r.sites().stream())
        .map(s -> new Key(s.rule(), s.className(), s.method(), s.descriptor(), s.line())).distinct().count();
    long calls = inputs.stream().flatMap(r -> r.sites().stream()).mapToLong(ReportFile.Site::count).sum();
    spec.commandLine().getErr().println(String.format(Locale.ROOT, "merged %,d reports into %s: %,d call sites, %,d calls",
        inputs.size(), output, sites, calls));
    return ExitCode.OK.code();
  }

  /** The merged report as JSON text. */
  static String merge(List<ReportFile> inputs, Instant now) {
    Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
    Map<String, Instant> ruleAt = new LinkedHashMap<>();
    Map<Key, Merged> sites = new LinkedHashMap<>();
    for (ReportFile report : inputs) {
      for (ReportFile.Rule rule : report.rules()) {
        Map<String, Object> existing = rules.get(rule.id());
        if (existing == null || report.generatedAt().isAfter(ruleAt.get(rule.id()))) {
          Map<String, Object> fields = new LinkedHashMap<>(rule.fields());
          if (existing != null) {
            fields.put("resolvedIn", union(existing.get("resolvedIn"), fields.get("resolvedIn")));
            fields.put("resolution", strongest(existing.get("resolution"), fields.get("resolution")));
          }
          rules.put(rule.id(), fields);
          ruleAt.put(rule.id(), report.generatedAt());
        } else {
          existing.put("resolvedIn", union(existing.get("resolvedIn"), rule.fields().get("resolvedIn")));
          existing.put("resolution", strongest(existing.get("resolution"), rule.fields().get("resolution")));
        }
      }
      for (ReportFile.Site s : report.sites()) {
        Key key = new Key(s.rule(), s.className(), s.method(), s.descriptor(), s.line());
        Merged m = sites.computeIfAbsent(key, k -> new Merged(s));
        m.count += s.count();
        s.countsByStage().forEach((stage, c) -> m.byStage.merge(stage, c, Long::sum));
        if (s.firstCallAt() != null && (m.firstCallAt == null || s.firstCallAt().isBefore(m.firstCallAt))) {
          m.firstCallAt = s.firstCallAt();
        }
        if (s.stage() != null && (m.stageAt == null || !report.generatedAt().isBefore(m.stageAt))) {
          m.stage = s.stage();
          m.stageAt = report.generatedAt();
        }
        if (s.codeSource() != null) {
          m.codeSources.add(s.codeSource());
        }
        m.methodReference |= s.methodReference();
        m.via = m.via != null ? m.via : s.via();
        m.calledThrough = m.calledThrough != null ? m.calledThrough : s.calledThrough();
        m.file = m.file != null ? m.file : s.file();
      }
    }
    List<Merged> ordered = new ArrayList<>(sites.values());
    ordered.sort(Comparator.comparing((Merged m) -> m.first.rule()).thenComparing(m -> m.first.className())
        .thenComparing(m -> m.first.method()).thenComparingInt(m -> m.first.line())
        .thenComparing(m -> Objects.toString(m.first.descriptor(), "")));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", Formats.REPORT);
    root.put("generatedAt", now.toString());
    root.put("rules", new ArrayList<>(rules.values()));
    List<Object> out = new ArrayList<>();
    for (Merged m : ordered) {
      Map<String, Object> site = new LinkedHashMap<>();
      site.put("rule", m.first.rule());
      site.put("class", m.first.className());
      site.put("method", m.first.method());
      site.put("descriptor", m.first.descriptor());
      site.put("file", m.file);
      site.put("line", m.first.line());
      site.put("codeSource", m.first.codeSource() != null ? m.first.codeSource()
          : m.codeSources.isEmpty() ? null : m.codeSources.iterator().next());
      site.put("count", m.count);
      site.put("stage", m.stage);
      site.put("countsByStage", new LinkedHashMap<>(m.byStage));
      if (m.firstCallAt != null) {
        site.put("firstCallAt", m.firstCallAt.toString());
      }
      if (m.methodReference) {
        site.put("methodReference", true);
      }
      if (m.via != null) {
        site.put("via", m.via);
      }
      if (m.calledThrough != null) {
        site.put("calledThrough", m.calledThrough);
      }
      if (m.codeSources.size() > 1) {
        site.put("codeSources", new ArrayList<>(m.codeSources));
      }
      out.add(site);
    }
    root.put("callSites", out);
    List<Object> from = new ArrayList<>();
    for (ReportFile r : inputs) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("file", r.file().toString());
      f.put("generatedAt", r.generatedAt().toString());
      from.add(f);
    }
    root.put("mergedFrom", from);
    try {
      return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object union(Object a, Object b) {
    Set<Object> all = new LinkedHashSet<>();
    if (a instanceof List<?> l) {
      all.addAll(l);
    }
    if (b instanceof List<?> l) {
      all.addAll(l);
    }
    return new ArrayList<>(all);
  }

  /** resolved beats refused beats unresolved: a rule that resolved in one JVM resolved in the fleet. */
  private static Object strongest(Object a, Object b) {
    for (String s : List.of("resolved", "refused", "unresolved")) {
      if (s.equals(a) || s.equals(b)) {
        return s;
      }
    }
    return a != null ? a : b;
  }
}
