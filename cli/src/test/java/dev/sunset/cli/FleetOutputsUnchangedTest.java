package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Use;
import dev.sunset.core.format.Via;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code merge}, {@code verdict --report} and {@code report --html} read reports as a stream and write what they wrote
 * when they held every report in memory, to the byte: the golden files under {@code fleet/} were written by the
 * commit before the streaming reader ({@code 931459d}), from the same inputs (made below, so that they exercise what
 * a merge keeps: reports of one run of which only the newest counts, two reports of one instant joined, a report of
 * an older agent without runs, a merged report, a class rule's uses, calls by reflection, a site's jar at two paths,
 * a rollback, stages that moved, and a scan before and after the reports). Only the time each command ran at is left
 * out of the comparison.
 *
 * <p>To write the golden files again (only ever from a commit whose output is known good), run this test with
 * {@code -Dsunset.fleet.golden=<folder>}: it writes them there instead of comparing.
 */
class FleetOutputsUnchangedTest {
  private static final Path IN = Path.of("target/fleet-outputs/in");
  private static final Path OUT = Path.of("target/fleet-outputs/out");
  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
  private static final Pattern MERGED_AT = Pattern.compile("\\A(\\{\\s*\"format\" : \"sunset-report/1\",\\s*"
      + "\"generatedAt\" : )\"[^\"]+\"");
  private static final Pattern VERDICT_AT = Pattern.compile("\\A(\\{\\s*\"format\" : \"sunset-verdict/1\",\\s*"
      + "\"generatedAt\" : )\"[^\"]+\"");
  private static final Pattern PAGE_AT = Pattern.compile("(?<=Made )\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");

  private static final List<Path> REPORTS = new ArrayList<>();
  private static Path scanBefore;
  private static Path scanAfter;

  @BeforeAll
  static void inputs() throws IOException {
    Files.createDirectories(IN);
    Files.createDirectories(OUT);
    REPORTS.clear();
    // run a: an early periodic report, and its exit report (the early one is left out)
    REPORTS.add(report("a-early.json", report("a", 11, 60, false, Stage.OBSERVE, List.of(
        site("r-create", "com.acme.Checkout", "run", 42, 5, Stage.OBSERVE, "file:/srv/a/app.jar", null),
        site("r-create", "com.acme.Billing", "bill", 7, 0, Stage.OBSERVE, "file:/srv/a/app.jar", null)))));
    REPORTS.add(report("a-exit.json", report("a", 11, 120, true, Stage.REDIRECT, List.of(
        site("r-create", "com.acme.Checkout", "run", 42, 9, Stage.REDIRECT, "file:/srv/a/app.jar", null),
        site("r-create", "com.acme.Billing", "bill", 7, 1, Stage.REDIRECT, "file:/srv/a/app.jar", Via.REFLECTION)))));
    // runs b and c wrote at the same instant: one snapshot of the page, their counts joined
    REPORTS.add(report("b.json", report("b", 12, 24 * 60, true, Stage.REDIRECT, List.of(
        site("r-create", "com.acme.Checkout", "run", 42, 3, Stage.REDIRECT, "file:/srv/b/app.jar", null),
        site("r-lookup", "com.acme.Search", "find", 3, 4, Stage.WARN, "file:/srv/b/app.jar", null)))));
    REPORTS.add(report("c.json", report("c", 13, 24 * 60, true, Stage.REDIRECT, List.of(
        site("r-create", "com.acme.Checkout", "run", 42, 2, Stage.REDIRECT, "file:/srv/b/app.jar", null),
        classSite("com.acme.Wiring", "init", 12, Use.NEW, "<init>()", 6),
        classSite("com.acme.Wiring", "init", 12, Use.FIELD_READ, "name", 2)))));
    // an older agent's report: no runs, a run of its own
    REPORTS.add(Files.writeString(IN.resolve("old.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\": \""
        + T0.plusSeconds(2 * 86_400) + "\", \"rules\": [], \"callSites\": [{\"rule\": \"r-create\", \"class\": "
        + "\"com.acme.Checkout\", \"method\": \"run\", \"line\": 42, \"count\": 11, \"codeSource\": \"file:/old/app.jar\""
        + "}, {\"rule\": \"r-lookup\", \"class\": \"com.acme.Search\", \"method\": \"find\", \"line\": 3, \"count\": 0}]}"));
    // a merged report of runs d and e, with a rollback that holds in it
    Report d = report("d", 14, 3 * 24 * 60, true, Stage.REDIRECT, List.of(new Report.Site("r-create",
        "com.acme.Checkout", "run", "()V", "Checkout.java", 42, "file:/srv/d/app.jar", 8, Stage.OBSERVE,
        Map.of(Stage.REDIRECT, 5L, Stage.OBSERVE, 3L), T0.plusSeconds(3 * 86_400 - 600), null, false, null, null,
        List.of(), Use.CALL, null, T0.plusSeconds(3 * 86_400 - 300), "3 of 5 redirected calls (60.0%) threw within 10s")));
    Report e = report("e", 15, 3 * 24 * 60 + 5, true, Stage.REDIRECT, List.of(
        site("r-lookup", "com.acme.Search", "find", 3, 1, Stage.WARN, "file:/srv/e/app.jar", Via.METHOD_HANDLE)));
    List<Report.Run> runs = new ArrayList<>(d.runs());
    runs.addAll(e.runs());
    List<Report.Site> sites = new ArrayList<>(d.callSites());
    sites.addAll(e.callSites());
    REPORTS.add(report("de-merged.json", new Report(e.generatedAt(), runs, e.rules(), sites, List.of(
        new Report.MergedFrom("d.json", d.generatedAt()), new Report.MergedFrom("e.json", e.generatedAt())))));
    scanBefore = scan("scan-before.json", T0.minusSeconds(86_400));
    scanAfter = scan("scan-after.json", T0.plusSeconds(5 * 86_400));
  }

  private static Report report(String run, long pid, long minutes, boolean exit, Stage stage, List<Report.Site> sites) {
    Instant at = T0.plusSeconds(60 * minutes);
    List<Report.Rule> rules = List.of(
        new Report.Rule("r-create", "com.acme.Legacy#create()", "com.acme.Modern#create()", stage, Stage.REDIRECT,
            "Use Modern.create", "rules.yaml", 3, RuleResolution.RESOLVED,
            List.of(new Report.ResolvedIn("app", "file:/srv/" + run + "/legacy.jar")), Map.of()),
        new Report.Rule("r-lookup", "com.acme.Legacy#lookup(java.lang.String)", null, Stage.WARN, Stage.WARN, "",
            "rules.yaml", 9, run.equals("b") ? RuleResolution.REFUSED : RuleResolution.RESOLVED, List.of(), Map.of()),
        new Report.Rule("r-factory", "com.acme.Factory", null, Stage.OBSERVE, Stage.OBSERVE, "", "rules.yaml", 14,
            RuleResolution.RESOLVED, List.of(), Map.of()));
    return new Report(at, List.of(new Report.Run(run + "-" + pid, pid, T0.minusSeconds(3_600), T0.minusSeconds(3_599),
        run.equals("c"), at, exit, List.of())), rules, sites, List.of());
  }

  private static Report.Site site(String rule, String cls, String method, int line, long count, Stage stage,
      String codeSource, Via via) {
    return new Report.Site(rule, cls, method, "()V", cls.substring(cls.lastIndexOf('.') + 1) + ".java", line,
        codeSource, count, stage, count == 0 ? Map.of() : Map.of(stage, count),
        count == 0 ? null : T0.plusSeconds(line * 60L), null, false, via, null, List.of());
  }

  private static Report.Site classSite(String cls, String method, int line, Use use, String member, long count) {
    return new Report.Site("r-factory", cls, method, "()V", "Wiring.java", line, "file:/srv/c/app.jar", count,
        Stage.OBSERVE, Map.of(Stage.OBSERVE, count), T0.plusSeconds(30), null, false, null, null, List.of(), use,
        member);
  }

  private static Path report(String name, Report report) throws IOException {
    return Files.writeString(IN.resolve(name), report.toJson());
  }

  private static Path scan(String name, Instant at) throws IOException {
    List<Scan.Rule> rules = List.of(new Scan.Rule("r-create", "com.acme.Legacy#create()", null, Stage.REDIRECT,
        "rules.yaml", 3, RuleResolution.RESOLVED, List.of(new Scan.ResolvedIn("class path", "legacy.jar")), List.of()),
        new Scan.Rule("r-lookup", "com.acme.Legacy#lookup(java.lang.String)", null, Stage.WARN, "rules.yaml", 9,
            RuleResolution.RESOLVED, List.of(), List.of()));
    List<Scan.Site> sites = List.of(
        new Scan.Site("r-create", "com.acme.Checkout", "run", "()V", "Checkout.java", 42, "app.jar", false, null,
            Use.CALL, null),
        new Scan.Site("r-create", "com.acme.Batch", "nightly", "()V", "Batch.java", 90, "app.jar", false, null,
            Use.CALL, null),
        new Scan.Site("r-lookup", "com.acme.Search", "find", "()V", "Search.java", 3, "app.jar", false, null,
            Use.CALL, null));
    return Files.writeString(IN.resolve(name), new Scan(at, List.of("app.jar"), List.of(), rules, sites, null)
        .toJson());
  }

  private static List<String> paths(List<Path> files) {
    return files.stream().map(Path::toString).toList();
  }

  /** The output, with the time the command ran at taken out; written as the golden file when asked to. */
  private static void same(String golden, String output, Pattern ranAt) throws IOException {
    String masked = ranAt.matcher(output).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
        ? Matcher.quoteReplacement(m.group(1) + "\"(when it ran)\"") : "(when it ran)");
    String write = System.getProperty("sunset.fleet.golden");
    if (write != null) {
      Files.createDirectories(Path.of(write));
      Files.writeString(Path.of(write, golden), masked);
      return;
    }
    try (InputStream in = FleetOutputsUnchangedTest.class.getResourceAsStream("fleet/" + golden)) {
      assertThat(in).as("golden file fleet/%s", golden).isNotNull();
      assertThat(masked).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void mergeWritesTheMergedReportItWroteBefore() throws Exception {
    List<String> args = new ArrayList<>(List.of("merge", "-o", OUT.resolve("merged.json").toString()));
    args.addAll(paths(REPORTS));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as("%s", run).isZero();
    same("merged.json", Files.readString(OUT.resolve("merged.json")), MERGED_AT);
    same("merge.err", run.err(), Pattern.compile("(?!)"));
  }

  @Test
  void verdictJudgesTheReportsAsItDidBefore() throws Exception {
    List<String> args = new ArrayList<>(List.of("verdict", "--scan", scanAfter.toString(), "--min-days", "0",
        "--min-jvms", "1", "--format", "json", "-o", OUT.resolve("verdict.json").toString(), "--report"));
    args.addAll(paths(REPORTS));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as("%s", run).isZero();
    same("verdict.json", Files.readString(OUT.resolve("verdict.json")), VERDICT_AT);
    same("verdict.err", run.err(), Pattern.compile("(?!)"));
  }

  @Test
  void theHtmlReportOfScansAndReportsIsThePageItWasBefore() throws Exception {
    List<String> args = new ArrayList<>(List.of("report", "--html", OUT.resolve("page.html").toString(),
        "--min-days", "0", "--min-jvms", "1", scanAfter.toString()));
    args.addAll(paths(REPORTS));
    args.add(scanBefore.toString());
    List<String> reportsOnly = new ArrayList<>(List.of("report", "--html", OUT.resolve("reports.html").toString()));
    reportsOnly.addAll(paths(REPORTS));

    CliRun run = CliRun.of(args.toArray(String[]::new));
    CliRun reports = CliRun.of(reportsOnly.toArray(String[]::new));

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(reports.exitCode()).as("%s", reports).isZero();
    same("page.html", Files.readString(OUT.resolve("page.html")), PAGE_AT);
    same("reports.html", Files.readString(OUT.resolve("reports.html")), PAGE_AT);
    same("report.err", run.err() + reports.err(), Pattern.compile("(?!)"));
  }
}
