package dev.sunset.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

class RunnerOptionsTest {
  private static RunnerOptions parse(Map<String, String> props, String... args) throws CommandLineOptionException {
    return RunnerOptions.parse(args, props::get);
  }

  @Test
  void defaultsAreSizedForATwoCoreMachine() throws Exception {
    RunnerOptions o = parse(Map.of());
    assertThat(o.getForkCount().get()).isEqualTo(3);
    assertThat(o.getWarmupIterations().get()).isEqualTo(4);
    assertThat(o.getWarmupTime().get()).isEqualTo(TimeValue.seconds(1));
    assertThat(o.getMeasurementIterations().get()).isEqualTo(5);
    assertThat(o.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(1));
    assertThat(o.shouldFailOnError().get()).isTrue();
    assertThat(o.quick()).isFalse();
    assertThat(o.agentJar()).isNull();
    assertThat(o.getIncludes()).isEmpty();
    assertThat(o.resultFile(Path.of("default.json"))).isEqualTo(Path.of("default.json"));
    assertThat(o.resultFormat()).isEqualTo(ResultFormatType.JSON);
  }

  @Test
  void jmhsOwnOptionsAreParsedByJmh() throws Exception {
    RunnerOptions o = parse(Map.of(), "-f", "2", "-wi", "4", "-w", "500ms", "-i", "7", "-r", "2s",
        "-rf", "csv", "-rff", "out.csv", "-prof", "gc", "-jvm", "/opt/jdk/bin/java", "-e", "Ws", "Value");
    assertThat(o.getForkCount().get()).isEqualTo(2);
    assertThat(o.getWarmupIterations().get()).isEqualTo(4);
    assertThat(o.getWarmupTime().get()).isEqualTo(TimeValue.milliseconds(500));
    assertThat(o.getMeasurementIterations().get()).isEqualTo(7);
    assertThat(o.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(2));
    assertThat(o.resultFile(Path.of("default.json"))).isEqualTo(Path.of("out.csv"));
    assertThat(o.resultFormat()).isEqualTo(ResultFormatType.CSV);
    assertThat(o.getProfilers()).hasSize(1);
    assertThat(o.getJvm().get()).isEqualTo("/opt/jdk/bin/java");
    assertThat(o.getExcludes()).containsExactly("Ws");
    assertThat(o.getIncludes()).containsExactly("Value");
  }

  @Test
  void theRunnersOwnOptionsAreTakenOutBeforeJmhParsesTheRest() throws Exception {
    RunnerOptions o = parse(Map.of("sunset.agent.jar", "from-property.jar"), "--agent", "a.jar", "-f", "1");
    assertThat(o.agentJar()).isEqualTo(Path.of("a.jar"));
    assertThat(o.getForkCount().get()).isEqualTo(1);
    assertThat(parse(Map.of(), "--agent=b.jar").agentJar()).isEqualTo(Path.of("b.jar"));
    assertThat(parse(Map.of("sunset.agent.jar", "p.jar")).agentJar()).isEqualTo(Path.of("p.jar"));
  }

  @Test
  void theOptionsOfEveryGroupSurviveTheSerialisationToAForkWithAnAgentGiven() throws Exception {
    RunnerOptions o = parse(Map.of(), "--agent", "/tmp/a.jar", "--quick");
    Options group = BenchmarkRunner.groupOptions(o, AgentBenchmarks.class, NoAgentBenchmarks.class,
        List.of("-Xmx1g"), Path.of("agent.json"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(group); // what JMH sends each fork
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Options read = (Options) in.readObject();
      assertThat(read.getMeasurementIterations().get()).isEqualTo(group.getMeasurementIterations().get());
    }
    assertThat(o.agentJar()).isEqualTo(Path.of("/tmp/a.jar"));
  }

  @Test
  void quickModeShortensTheRunButExplicitJmhOptionsWin() throws Exception {
    RunnerOptions o = parse(Map.of(), "--quick", "-i", "5");
    assertThat(o.quick()).isTrue();
    assertThat(o.getForkCount().get()).isEqualTo(1);
    assertThat(o.getWarmupIterations().get()).isEqualTo(2);
    assertThat(o.getWarmupTime().get()).isEqualTo(TimeValue.milliseconds(200));
    assertThat(o.getMeasurementIterations().get()).isEqualTo(5);
    assertThat(o.getMeasurementTime().get()).isEqualTo(TimeValue.milliseconds(200));
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> parse(Map.of(), "-f", "0")).isInstanceOf(CommandLineOptionException.class)
        .hasMessageContaining("-f must be at least 1");
    assertThatThrownBy(() -> parse(Map.of(), "-i", "x")).isInstanceOf(CommandLineOptionException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> parse(Map.of(), "-r", "fast")).isInstanceOf(CommandLineOptionException.class)
        .hasMessageContaining("fast");
    assertThatThrownBy(() -> parse(Map.of(), "--bogus")).isInstanceOf(CommandLineOptionException.class)
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> parse(Map.of(), "--agent")).isInstanceOf(CommandLineOptionException.class)
        .hasMessageContaining("--agent needs the path");
  }

  @Test
  void eachGroupRunsOnlyItsOwnBenchmarksWithItsOwnForkArgumentsAndResultFile() throws Exception {
    RunnerOptions o = parse(Map.of(), "-rff", "all.json", "-e", "StackWalker");
    Options group = BenchmarkRunner.groupOptions(o, AgentBenchmarks.class, NoAgentBenchmarks.class,
        List.of("-Xmx1g", "-javaagent:a.jar"), Path.of("/t/all-agent.json"));
    assertThat(group.getIncludes()).containsExactly("^\\Qdev.sunset.benchmarks.AgentBenchmarks\\E\\.");
    assertThat(group.getExcludes()).containsExactly("^\\Qdev.sunset.benchmarks.NoAgentBenchmarks\\E\\.", "StackWalker");
    assertThat(group.getJvmArgs().get()).containsExactly("-Xmx1g", "-javaagent:a.jar");
    assertThat(group.getResult().get()).isEqualTo("/t/all-agent.json");
    assertThat(group.getForkCount().get()).isEqualTo(3);

    Options selected = BenchmarkRunner.groupOptions(parse(Map.of(), "redirected"), AgentBenchmarks.class,
        NoAgentBenchmarks.class, List.of(), Path.of("r.json"));
    assertThat(selected.getIncludes()).containsExactly("redirected");
  }

  @Test
  void forksGetNeitherTheHostsAgentNorTheRunnersSettings() {
    assertThat(BenchmarkRunner.forkJvmArgs(List.of("-javaagent:/x/sunset-agent.jar", "-Dsunset.agent.jar=/x",
        "-Dbench.forks=2", "-XX:+UseParallelGC")))
        .containsExactly("-XX:+UseParallelGC", "-Xms1g", "-Xmx1g");
    assertThat(BenchmarkRunner.forkJvmArgs(List.of("-Xmx4g"))).containsExactly("-Xmx4g");
  }

  @Test
  void agentArgumentNamesRulesAndTurnsReportsOff() {
    String arg = BenchmarkRunner.agentArgument(Path.of("/r/agent.jar"), Path.of("/tmp/rules.yaml"));
    assertThat(arg).isEqualTo("-javaagent:/r/agent.jar=rules=/tmp/rules.yaml,report=none,summary=false");
  }
}
