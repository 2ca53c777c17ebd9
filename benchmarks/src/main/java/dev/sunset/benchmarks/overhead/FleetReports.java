package dev.sunset.benchmarks.overhead;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.BitSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent reports of a generated fleet, written as the agent writes them ({@code sunset-report/1}, pretty-printed,
 * one JVM run each, written at exit), for {@link FleetCommand}.
 *
 * <p>The fleet runs one application whose code holds {@code distinct} call sites of ten rules (in 500 classes of 50
 * packages, in 20 jars: the same jar path on every machine). Each JVM's report lists {@code perReport} of them:
 * <ul>
 *   <li>the first half of the application's sites are its hot paths, which every JVM calls: the {@code perReport / 2}
 *       sites with the lowest numbers are in every report;
 *   <li>the other half is drawn uniformly, without replacement, from the rest ({@code distinct - perReport / 2}
 *       sites): code that only some traffic or configuration reaches, so that over many reports every site is seen.
 * </ul>
 * Counts are log-uniform from 1 to 10^6 (a tenth of the sites in a report loaded but never called, count 0), split
 * between {@code observe} and {@code redirect} for the rules that moved stage; each report is written at its own
 * second over 14 days. Report {@code i} depends only on the seed and {@code i}, so reports can be added later.
 */
final class FleetReports {
  static final int RULES = 10;
  static final int CLASSES = 500;
  static final int JARS = 20;
  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static final long SPREAD_SECONDS = 14 * 86_400L;

  private final int distinct;
  private final int perReport;
  private final long seed;

  FleetReports(int distinct, int perReport, long seed) {
    if (perReport > distinct || perReport < 2) {
      throw new IllegalArgumentException("each report lists 2 to " + distinct + " of the " + distinct
          + " distinct sites, not " + perReport);
    }
    this.distinct = distinct;
    this.perReport = perReport;
    this.seed = seed;
  }

  /** What the numbers below describe, for the results. */
  String describe() {
    return String.format(Locale.ROOT, "%,d sites per report: the %,d hot sites every JVM calls, and %,d drawn uniformly"
        + " from the other %,d of a fleet of %,d distinct sites (%d rules, %d classes, %d jars)", perReport,
        perReport / 2, perReport - perReport / 2, distinct - perReport / 2, distinct, RULES, CLASSES, JARS);
  }

  /** The file of report {@code i} (from 0) in {@code dir}. */
  static Path file(Path dir, int i) {
    return dir.resolve(String.format(Locale.ROOT, "report-%05d.json", i));
  }

  /**
   * Writes reports 0 to {@code count - 1} into {@code dir}, those not there yet, on {@code threads} threads; the
   * reports' sum of counts, and the distinct sites they list, are returned for checking the merge.
   */
  Totals write(Path dir, int count, int threads) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    List<Future<long[]>> parts = new ArrayList<>();
    boolean[] seen = new boolean[distinct];
    for (int t = 0; t < threads; t++) {
      parts.add(pool.submit(() -> {
        long calls = 0;
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          int[] sites = sites(i);
          synchronized (seen) {
            for (int s : sites) {
              seen[s] = true;
            }
          }
          calls += Files.isRegularFile(file(dir, i)) ? calls(i, sites) : write(dir, i, sites);
        }
        return new long[] {calls};
      }));
    }
    pool.shutdown();
    long calls = 0;
    try {
      for (Future<long[]> f : parts) {
        calls += f.get()[0];
      }
    } catch (ExecutionException e) {
      throw new IOException("writing the fleet's reports failed", e.getCause());
    }
    int distinctSeen = 0;
    for (boolean b : seen) {
      distinctSeen += b ? 1 : 0;
    }
    return new Totals(calls, distinctSeen);
  }

  /**
   * The sum of every report's counts, and how many distinct sites they list.
   *
   * @param calls the calls a merge must count
   * @param sites the call sites it must list
   */
  record Totals(long calls, int sites) {}

  /** The sites report {@code i} lists, by number, ascending. */
  int[] sites(int i) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
    int hot = perReport / 2;
    int rest = distinct - hot;
    int drawn = perReport - hot;
    // Floyd's sampling: drawn numbers out of rest, without replacement
    BitSet chosen = new BitSet(rest);
    for (int j = rest - drawn; j < rest; j++) {
      int t = random.nextInt(j + 1);
      chosen.set(chosen.get(t) ? j : t);
    }
    int[] sites = new int[perReport];
    for (int s = 0; s < hot; s++) {
      sites[s] = s;
    }
    int n = hot;
    for (int s = chosen.nextSetBit(0); s >= 0; s = chosen.nextSetBit(s + 1)) {
      sites[n++] = hot + s;
    }
    Arrays.sort(sites);
    return sites;
  }

  /** The counts of report {@code i}'s sites, in their order: a tenth 0, the others log-uniform from 1 to 10^6. */
  private long[] counts(int i, int[] sites) {
    SplittableRandom random = new SplittableRandom(seed * 31L + i ^ 0x5DEECE66DL);
    long[] counts = new long[sites.length];
    for (int k = 0; k < sites.length; k++) {
      boolean never = random.nextInt(10) == 0;
      double magnitude = random.nextDouble();
      counts[k] = never ? 0 : (long) Math.pow(10, magnitude * 6);
    }
    return counts;
  }

  /** The sum of report {@code i}'s counts. */
  private long calls(int i, int[] sites) {
    return Arrays.stream(counts(i, sites)).sum();
  }

  /** Writes report {@code i} (a complete file appears at once: written aside, then moved) and returns its calls. */
  private long write(Path dir, int i, int[] sites) throws IOException {
    long[] counts = counts(i, sites);
    SplittableRandom random = new SplittableRandom(~(seed * 7_919L + i));
    Instant at = START.plusSeconds(Math.floorMod(i * 104_729L, SPREAD_SECONDS));
    Instant started = at.minusSeconds(3_600 + random.nextInt(86_400));
    String run = String.format(Locale.ROOT, "%d-%d-%012x", 1_000 + i, started.toEpochMilli(), random.nextLong(1L << 48));
    StringBuilder out = new StringBuilder(perReport * 360);
    out.append("{\n  \"format\" : \"sunset-report/1\",\n  \"generatedAt\" : \"").append(at).append("\",\n")
        .append("  \"runs\" : [ {\n    \"id\" : \"").append(run).append("\",\n    \"pid\" : ").append(1_000 + i)
        .append(",\n    \"jvmStartedAt\" : \"").append(started).append("\",\n    \"agentStartedAt\" : \"")
        .append(started.plusMillis(400)).append("\",\n    \"attachedLate\" : false,\n    \"lastReportAt\" : \"")
        .append(at).append("\",\n    \"exitReport\" : true\n  } ],\n  \"rules\" : [ ");
    for (int r = 0; r < RULES; r++) {
      out.append(r == 0 ? "" : ", ").append("{\n    \"id\" : \"rule-").append(r)
          .append("\",\n    \"legacy\" : \"com.acme.legacy.Legacy").append(r).append("#call(java.lang.String)\",\n")
          .append("    \"replacement\" : \"com.acme.modern.Modern").append(r).append("#call(java.lang.String)\",\n")
          .append("    \"stage\" : \"").append(stage(r)).append("\",\n    \"configuredStage\" : \"").append(stage(r))
          .append("\",\n    \"message\" : \"\",\n    \"source\" : \"/etc/sunset/rules.yaml\",\n    \"line\" : ")
          .append(3 + 4 * r).append(",\n    \"resolution\" : \"resolved\",\n    \"resolvedIn\" : [ {\n")
          .append("      \"loader\" : \"app\",\n      \"codeSource\" : \"file:/srv/app/lib/legacy.jar\"\n    } ]\n  }");
    }
    out.append(" ],\n  \"callSites\" : [ ");
    long calls = 0;
    for (int k = 0; k < sites.length; k++) {
      int s = sites[k];
      long count = counts[k];
      calls += count;
      int rule = s % RULES;
      int cls = (s / RULES) % CLASSES;
      out.append(k == 0 ? "" : ", ").append("{\n    \"rule\" : \"rule-").append(rule)
          .append("\",\n    \"class\" : \"").append(className(cls)).append("\",\n    \"method\" : \"handle")
          .append(s % 7).append("\",\n    \"descriptor\" : \"(Ljava/lang/String;)V\",\n    \"file\" : \"Service")
          .append(cls % 10).append(".java\",\n    \"line\" : ").append(10 + s / (RULES * CLASSES))
          .append(",\n    \"codeSource\" : \"").append(jar(cls)).append("\",\n    \"count\" : ").append(count)
          .append(",\n    \"stage\" : \"").append(stage(rule)).append("\",\n    \"countsByStage\" : {");
      if (count > 0) {
        if (stage(rule).equals("redirect")) {
          long observed = count / 3;
          out.append("\n      \"observe\" : ").append(observed).append(",\n      \"redirect\" : ")
              .append(count - observed).append("\n    }");
        } else {
          out.append("\n      \"observe\" : ").append(count).append("\n    }");
        }
        out.append(",\n    \"firstCallAt\" : \"").append(started.plusSeconds(2 + random.nextInt(3_600))).append('"');
      } else {
        out.append(" }");
      }
      out.append("\n  }");
    }
    out.append(" ]\n}\n");
    Path file = file(dir, i);
    Path part = dir.resolve(file.getFileName() + ".part");
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8), 1 << 16)) {
      w.append(out);
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return calls;
  }

  /**
   * A scan ({@code sunset-scan/1}) of the fleet's application: every one of its sites, as {@code verdict --scan}
   * reads it.
   */
  void writeScan(Path file) throws IOException {
    StringBuilder out = new StringBuilder(distinct * 260);
    out.append("{\n  \"format\" : \"sunset-scan/1\",\n  \"generatedAt\" : \"").append(START.plusSeconds(SPREAD_SECONDS))
        .append("\",\n  \"artifacts\" : [ \"app.jar\" ],\n  \"rules\" : [ ");
    for (int r = 0; r < RULES; r++) {
      out.append(r == 0 ? "" : ", ").append("{\n    \"id\" : \"rule-").append(r)
          .append("\",\n    \"legacy\" : \"com.acme.legacy.Legacy").append(r).append("#call(java.lang.String)\",\n")
          .append("    \"stage\" : \"").append(stage(r)).append("\",\n    \"resolution\" : \"resolved\",\n")
          .append("    \"resolvedIn\" : [ {\n      \"scope\" : \"class path\",\n      \"codeSource\" : \"legacy.jar\"\n")
          .append("    } ]\n  }");
    }
    out.append(" ],\n  \"callSites\" : [ ");
    for (int s = 0; s < distinct; s++) {
      int cls = (s / RULES) % CLASSES;
      out.append(s == 0 ? "" : ", ").append("{\n    \"rule\" : \"rule-").append(s % RULES)
          .append("\",\n    \"class\" : \"").append(className(cls)).append("\",\n    \"method\" : \"handle")
          .append(s % 7).append("\",\n    \"descriptor\" : \"(Ljava/lang/String;)V\",\n    \"file\" : \"Service")
          .append(cls % 10).append(".java\",\n    \"line\" : ").append(10 + s / (RULES * CLASSES))
          .append(",\n    \"codeSource\" : \"").append(jar(cls).substring("file:/srv/app/".length()))
          .append("\"\n  }");
    }
    out.append(" ]\n}\n");
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  private static String stage(int rule) {
    return rule < 4 ? "redirect" : "observe";
  }

  private static String className(int cls) {
    return "com.acme.fleet.module" + (cls % 50) + ".Service" + cls;
  }

  private static String jar(int cls) {
    return "file:/srv/app/lib/module-" + (cls % JARS) + ".jar";
  }
}
