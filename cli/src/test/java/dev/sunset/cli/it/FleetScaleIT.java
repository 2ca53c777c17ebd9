package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.CliRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reads a fleet's reports as a stream, in the jar as users run it: 300 reports of 2,000 call sites
 * (hot sites every JVM calls and sites drawn from a fleet of 5,000) are merged, judged and paged in a JVM of 64 MiB of
 * heap, where holding them (some 600,000 sites) would need gigabytes. And the heap the merge still holds after a
 * collection stays what it is for 30 reports: it grows with the distinct sites, not with the reports.
 */
class FleetScaleIT {
  private static final int DISTINCT = 5_000;
  private static final int PER_REPORT = 2_000;
  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Pattern GC = Pattern.compile("\\bPause\\b.*?\\d+[KMG]->(\\d+)([KMG])\\(");

  @TempDir
  static Path dir;
  private static final List<String> REPORTS = new ArrayList<>();
  private static long calls;

  @BeforeAll
  static void fleet() throws IOException {
    Random random = new Random(300);
    for (int i = 0; i < 300; i++) {
      Path file = dir.resolve(String.format("report-%03d.json", i));
      Instant at = T0.plusSeconds(3_600L * i);
      boolean[] listed = new boolean[DISTINCT];
      for (int s = 0; s < PER_REPORT / 2; s++) {
        listed[s] = true; // the hot paths: in every report
      }
      for (int drawn = 0; drawn < PER_REPORT / 2; ) {
        int s = PER_REPORT / 2 + random.nextInt(DISTINCT - PER_REPORT / 2);
        if (!listed[s]) {
          listed[s] = true;
          drawn++;
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(file)) {
        w.write("{\"format\": \"sunset-report/1\", \"generatedAt\": \"" + at + "\", \"runs\": [{\"id\": \"run-" + i
            + "\", \"pid\": " + (100 + i) + ", \"lastReportAt\": \"" + at + "\", \"exitReport\": true}], \"rules\": "
            + "[{\"id\": \"r\", \"legacy\": \"com.acme.Legacy#call()\", \"stage\": \"observe\", \"resolution\": "
            + "\"resolved\"}], \"callSites\": [");
        boolean first = true;
        for (int s = 0; s < DISTINCT; s++) {
          if (listed[s]) {
            long count = random.nextInt(1_000);
            calls += count;
            w.write((first ? "" : ",\n") + "{\"rule\": \"r\", \"class\": \"com.acme.fleet.Service" + (s / 10)
                + "\", \"method\": \"handle\", \"descriptor\": \"()V\", \"file\": \"Service.java\", \"line\": " + s
                + ", \"codeSource\": \"file:/srv/app/app.jar\", \"count\": " + count + ", \"stage\": \"observe\", "
                + "\"countsByStage\": {\"observe\": " + count + "}, \"firstCallAt\": \"" + at.minusSeconds(s) + "\"}");
            first = false;
          }
        }
        w.write("]}\n");
      }
      REPORTS.add(file.toString());
    }
  }

  /** The command line in a JVM of {@code heap}, logging its collections to {@code gc}. */
  private static CliRun run(String heap, Path gc, List<String> args) throws Exception {
    return CliJar.runWith(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gc), args.toArray(String[]::new));
  }

  /** The most heap still used after a collection, in MiB: what the command held. */
  private static double heldMib(Path gc) throws IOException {
    long kb = 0;
    for (String line : Files.readAllLines(gc)) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        long n = Long.parseLong(m.group(1));
        kb = Math.max(kb, switch (m.group(2)) {
          case "G" -> n * 1024 * 1024;
          case "M" -> n * 1024;
          default -> n;
        });
      }
    }
    assertThat(kb).as("collections logged in %s", gc).isPositive();
    return kb / 1024.0;
  }

  @Test
  void threeHundredReportsOfTwoThousandSitesAreMergedIn64MibHoldingNoMoreThanThirtyDid() throws Exception {
    Path gc30 = dir.resolve("gc-30.log");
    Path gc300 = dir.resolve("gc-300.log");
    List<String> thirty = new ArrayList<>(List.of("merge", "-o", dir.resolve("merged-30.json").toString()));
    thirty.addAll(REPORTS.subList(0, 30));
    List<String> all = new ArrayList<>(List.of("merge", "-o", dir.resolve("merged.json").toString()));
    all.addAll(REPORTS);

    CliRun few = run("64m", gc30, thirty);
    CliRun many = run("64m", gc300, all);

    assertThat(few.exitCode()).as("%s", few).isZero();
    assertThat(many.exitCode()).as("%s", many).isZero();
    assertThat(many.errLines()).singleElement().asString().startsWith("merged 300 reports of 300 JVM runs into ")
        .endsWith(String.format(Locale.ROOT, ": %,d call sites, %,d calls", DISTINCT, calls));
    double held30 = heldMib(gc30);
    double held300 = heldMib(gc300);
    System.out.printf(Locale.ROOT, "FleetScaleIT: heap held after a collection, at most: %.1f MiB merging 30 reports,"
        + " %.1f MiB merging 300%n", held30, held300);
    assertThat(held300).as("MiB held after a collection: %.1f for 30 reports, %.1f for 300", held30, held300)
        .isLessThan(held30 * 1.5 + 8);
  }

  @Test
  void verdictAndTheHtmlReportOfThreeHundredReportsRunIn64Mib() throws Exception {
    Path scan = Files.writeString(dir.resolve("scan.json"), "{\"format\": \"sunset-scan/1\", \"generatedAt\": \""
        + T0.plusSeconds(3_600L * 400) + "\", \"rules\": [{\"id\": \"r\", \"legacy\": \"com.acme.Legacy#call()\", "
        + "\"resolution\": \"resolved\"}], \"callSites\": [{\"rule\": \"r\", \"class\": \"com.acme.fleet.Service0\", "
        + "\"method\": \"handle\", \"line\": 0, \"codeSource\": \"app.jar\"}]}");
    List<String> verdict = new ArrayList<>(List.of("verdict", "--scan", scan.toString(), "--format", "json", "-o",
        dir.resolve("verdict.json").toString(), "--report"));
    verdict.addAll(REPORTS);
    List<String> page = new ArrayList<>(List.of("report", "--html", dir.resolve("page.html").toString()));
    page.addAll(REPORTS);

    CliRun judged = run("64m", dir.resolve("gc-verdict.log"), verdict);
    CliRun paged = run("64m", dir.resolve("gc-page.log"), page);

    assertThat(judged.exitCode()).as("%s", judged).isZero();
    assertThat(Files.readString(dir.resolve("verdict.json"))).contains("\"verdict\" : \"in-use\"");
    assertThat(paged.exitCode()).as("%s", paged).isZero();
    assertThat(paged.errLines()).singleElement().asString()
        .endsWith("from 300 reports and 0 scans");
    assertThat(Files.readString(dir.resolve("page.html"))).contains("300 reports, from 2026-11-20 00:00 UTC");
  }
}
