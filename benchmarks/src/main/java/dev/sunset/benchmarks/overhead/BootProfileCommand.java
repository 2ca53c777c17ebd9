package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where Sunset's start-up time goes on a real Spring Boot application (issue 20, item 1): PetClinic is started to
 * its first HTTP 200 several times under no agent and under Sunset (the fixture's rules, report off), each run
 * with a JFR recording of Java execution samples every millisecond and {@code -Xlog:class+load}. Each sample is
 * charged to the part of Sunset on its stack ({@link StartupSamples}); the class-load logs count the classes
 * loaded, those the JVM spun for method handles and lambdas, and those of the agent jar.
 */
@Command(name = "boot-profile", mixinStandardHelpOptions = true,
    description = "Samples PetClinic's start-up under no agent and Sunset (JFR, 1 ms) and charges Sunset's part.")
final class BootProfileCommand implements Callable<Integer> {
  /** The recording's settings: execution samples every millisecond, nothing else. */
  static final String SETTINGS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="Sunset start-up sampling">
        <event name="jdk.ExecutionSample">
          <setting name="enabled">true</setting>
          <setting name="period">1 ms</setting>
        </event>
      </configuration>
      """;

  @Mixin
  CommonOptions common;

  @Option(names = "--runs", defaultValue = "3", description = "Runs of each variant (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--app-jar", paramLabel = "JAR",
      description = "PetClinic's executable jar (default: build " + PetClinic.FIXTURE + ").")
  Path appJar;

  @Option(names = "--compare-agent", paramLabel = "JAR",
      description = "Another Sunset agent build, sampled as variant sunset-compare in the same runs (default: none).")
  Path compareAgent;

  @Mixin
  QuietMachine quiet;

  /** One run's figures. */
  record RunFigures(double wallMs, StartupSamples samples, ClassLoadLog log) {}

  @Override
  public Integer call() throws Exception {
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("boot-profile");
    Files.createDirectories(work);
    PetClinic petClinic = PetClinic.find(appJar);
    Path settings = work.resolve("sampling.jfc");
    Files.writeString(settings, SETTINGS);
    Path sunset = common.sunsetAgentCopy();
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("none", List.of());
    variants.put("sunset", List.of("-javaagent:" + sunset + "=rules=" + petClinic.rules() + ",report=none,summary=false"));
    if (compareAgent != null) {
      if (!Files.isRegularFile(compareAgent)) {
        throw new IllegalArgumentException("the agent jar " + compareAgent.toAbsolutePath() + " does not exist");
      }
      // named as the agent's own jar, so that the class-load logs count its classes as the agent jar's
      Path copy = work.resolve("compare/sunset-agent.jar");
      Files.createDirectories(copy.getParent());
      Files.copy(compareAgent, copy, StandardCopyOption.REPLACE_EXISTING);
      variants.put("sunset-compare", List.of("-javaagent:" + copy + "=rules=" + petClinic.rules()
          + ",report=none,summary=false"));
    }
    System.out.println("JVM: " + jvm.java() + " (" + jvm.version() + "); Sunset agent: " + common.sunsetAgentSource());
    String loadBefore = MachineLoad.describe("before the runs");
    Map<String, List<RunFigures>> figures = new LinkedHashMap<>();
    variants.keySet().forEach(v -> figures.put(v, new ArrayList<>()));
    for (int r = 0; r < runs; r++) {
      if (quiet.await() < 0) {
        System.out.println("  (the machine did not go quiet within 10 minutes; run " + (r + 1) + " measured anyway)");
      }
      for (Map.Entry<String, List<String>> v : variants.entrySet()) {
        Path recording = work.resolve(v.getKey() + "-" + r + ".jfr");
        Path classLog = work.resolve(v.getKey() + "-" + r + "-class-load.log");
        List<String> args = new ArrayList<>(List.of("-XX:StartFlightRecording=filename=" + recording + ",settings="
            + settings, "-Xlog:class+load=info:file=" + classLog + ":uptimenanos"));
        args.addAll(v.getValue());
        args.addAll(petClinic.launch());
        long start = System.nanoTime();
        Jvm.Run run = jvm.run(args, Map.of(), Duration.ofMinutes(5)).requireSuccess("PetClinic under " + v.getKey());
        double wall = (System.nanoTime() - start) / 1e6;
        if (!PetClinic.wasReady(run)) {
          throw new IllegalStateException("PetClinic under " + v.getKey() + " did not print '" + PetClinic.READY + "'");
        }
        figures.get(v.getKey()).add(new RunFigures(wall, StartupSamples.read(recording),
            ClassLoadLog.read(classLog, petClinic.jar().getFileName().toString())));
      }
      System.out.println("  run " + (r + 1) + "/" + runs + " done");
    }
    List<String> report = report(jvm, figures);
    report.add(1, loadBefore);
    Results.publish(report, work, jvm);
    System.out.println("Recordings and logs of every run: " + work);
    return 0;
  }

  private List<String> report(Jvm jvm, Map<String, List<RunFigures>> figures) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("PetClinic to its first HTTP 200 on " + jvm.version() + ", " + runs + " runs per variant (medians "
        + "[IQR]), JFR execution samples every 1 ms and -Xlog:class+load (both slow the runs down)");
    lines.add("");
    lines.add("| variant | process, ms | Java samples, all threads | of them Sunset's | classes loaded | spun "
        + "LambdaForms | spun lambdas | agent jar |");
    lines.add("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, List<RunFigures>> v : figures.entrySet()) {
      List<RunFigures> f = v.getValue();
      lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |", v.getKey(),
          median(f, RunFigures::wallMs), median(f, r -> r.samples().threadSamples()),
          median(f, r -> r.samples().sunset()), median(f, r -> r.log().loads().size()),
          median(f, r -> origin(r, ClassLoadLog.Origin.LAMBDA_FORM)), median(f, r -> origin(r, ClassLoadLog.Origin.LAMBDA)),
          median(f, r -> origin(r, ClassLoadLog.Origin.AGENT) + origin(r, ClassLoadLog.Origin.SNAKEYAML)
              + origin(r, ClassLoadLog.Origin.ASM) + origin(r, ClassLoadLog.Origin.JACKSON)
              + origin(r, ClassLoadLog.Origin.OTEL))));
    }
    List<String> agents = figures.keySet().stream().filter(v -> v.startsWith("sunset")).toList();
    lines.add("");
    lines.add("Sunset's samples (1 sample = about 1 ms of one thread running Java code), by part, median [IQR] and "
        + "share of Sunset's:");
    StringBuilder header = new StringBuilder("| part |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String a : agents) {
      header.append(' ').append(a).append(" | share |");
      rule.append("---:|---:|");
    }
    lines.add(header.toString());
    lines.add(rule.toString());
    for (StartupSamples.Part part : StartupSamples.Part.values()) {
      if (!part.isSunset()) {
        continue;
      }
      StringBuilder row = new StringBuilder("| " + part.label() + " |");
      boolean any = false;
      for (String a : agents) {
        List<RunFigures> runs = figures.get(a);
        Summary s = Summary.of(runs.stream().map(r -> (double) r.samples().of(part)).toList());
        double total = Summary.of(runs.stream().map(r -> (double) r.samples().sunset()).toList()).median();
        any |= s.q3() > 0;
        row.append(String.format(Locale.ROOT, " %s | %.0f%% |", s.medianAndQuartiles(0),
            total == 0 ? 0 : 100 * s.median() / total));
      }
      if (any) {
        lines.add(row.toString());
      }
    }
    StringBuilder all = new StringBuilder("| **all Sunset** |");
    for (String a : agents) {
      all.append(' ').append(median(figures.get(a), r -> r.samples().sunset())).append(" | |");
    }
    lines.add(all.toString());
    return lines;
  }

  private static long origin(RunFigures r, ClassLoadLog.Origin origin) {
    return r.log().loads().stream().filter(l -> l.origin() == origin).count();
  }

  private static String median(List<RunFigures> runs, ToDoubleFunction<RunFigures> value) {
    return Summary.of(runs.stream().map(value::applyAsDouble).toList()).medianAndQuartiles(0);
  }
}
