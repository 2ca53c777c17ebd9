package dev.sunset.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;

class RunnerOptionsTest {
  private static RunnerOptions parse(Map<String, String> props, String... args) {
    return RunnerOptions.parse(args, props::get);
  }

  @Test
  void defaultsAreSizedForATwoCoreMachine() {
    RunnerOptions o = parse(Map.of());
    assertThat(o.forks()).isEqualTo(1);
    assertThat(o.warmupIterations()).isEqualTo(3);
    assertThat(o.warmupTime()).isEqualTo(TimeValue.seconds(1));
    assertThat(o.iterations()).isEqualTo(5);
    assertThat(o.measurementTime()).isEqualTo(TimeValue.seconds(1));
    assertThat(o.quick()).isFalse();
    assertThat(o.agentJar()).isNull();
    assertThat(o.filter()).isNull();
  }

  @Test
  void jmhStyleFlagsOverrideDefaultsAndProperties() {
    RunnerOptions o = parse(Map.of("bench.forks", "3", "bench.iterations", "9"),
        "-f", "2", "-wi", "4", "-w", "500ms", "-i=7", "-r", "2s", "--json", "out.json", "Ws");
    assertThat(o.forks()).isEqualTo(2);
    assertThat(o.warmupIterations()).isEqualTo(4);
    assertThat(o.warmupTime()).isEqualTo(TimeValue.milliseconds(500));
    assertThat(o.iterations()).isEqualTo(7);
    assertThat(o.measurementTime()).isEqualTo(TimeValue.seconds(2));
    assertThat(o.json()).isEqualTo(Path.of("out.json"));
    assertThat(o.filter()).isEqualTo("Ws");
  }

  @Test
  void systemPropertiesApplyWithoutFlags() {
    RunnerOptions o = parse(Map.of("bench.forks", "3", "bench.warmupTime", "250ms", "sunset.agent.jar", "a.jar",
        "bench.quick", "true"));
    assertThat(o.forks()).isEqualTo(3);
    assertThat(o.warmupTime()).isEqualTo(TimeValue.milliseconds(250));
    assertThat(o.agentJar()).isEqualTo(Path.of("a.jar"));
    assertThat(o.quick()).isTrue();
  }

  @Test
  void quickModeShortensTheRunButExplicitFlagsWin() {
    RunnerOptions o = parse(Map.of(), "--quick", "-i", "5");
    assertThat(o.quick()).isTrue();
    assertThat(o.forks()).isEqualTo(1);
    assertThat(o.warmupIterations()).isEqualTo(2);
    assertThat(o.warmupTime()).isEqualTo(TimeValue.milliseconds(200));
    assertThat(o.iterations()).isEqualTo(5);
    assertThat(o.measurementTime()).isEqualTo(TimeValue.milliseconds(200));
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> parse(Map.of(), "-f", "0")).hasMessageContaining("-f must be at least 1");
    assertThatThrownBy(() -> parse(Map.of(), "-i", "x")).hasMessageContaining("-i needs a whole number");
    assertThatThrownBy(() -> parse(Map.of(), "-r", "fast")).hasMessageContaining("-r needs a time");
    assertThatThrownBy(() -> parse(Map.of(), "-w")).hasMessageContaining("-w needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "--bogus")).hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> parse(Map.of(), "a", "b")).hasMessageContaining("at most one REGEX");
    assertThatThrownBy(() -> parse(Map.of(), "(")).hasMessageContaining("is not a regular expression");
    assertThatThrownBy(() -> parse(Map.of("bench.forks", "many"))).hasMessageContaining("-Dbench.forks");
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
