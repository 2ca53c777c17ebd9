package dev.sunset.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.benchmarks.overhead.ClassLoadLog.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLoadLogTest {
  @Test
  void eachLoadIsTimedAndAttributedToWhereItCameFrom(@TempDir Path dir) throws Exception {
    // lines as JDK 17's -Xlog:class+load=info:file=...:uptimenanos writes them
    Path log = dir.resolve("class-load.log");
    Files.write(log, List.of(
        "[1000000ns] java.lang.Object source: shared objects file",
        "[2000000ns] sun.instrument.InstrumentationImpl source: jrt:/java.instrument",
        "[3000000ns] dev.sunset.agent.SunsetAgent source: file:/w/agents/sunset-agent.jar",
        "[3500000ns] dev.sunset.agent.shaded.snakeyaml.engine.v2.api.LoadSettings source: file:/w/agents/sunset-agent.jar",
        "[4000000ns] dev.sunset.agent.shaded.asm.ClassReader source: file:/w/agents/sunset-agent.jar",
        "[4500000ns] dev.sunset.agent.shaded.jackson.jr.ob.JSON source: file:/w/agents/sunset-agent.jar",
        "[5000000ns] dev.sunset.agent.shaded.otel.sdk.OpenTelemetrySdk source: file:/w/agents/sunset-agent.jar",
        "[6000000ns] java.lang.invoke.LambdaForm$MH/0x00007ff3bc01c000 source: __JVM_LookupDefineClass__",
        "[7000000ns] dev.sunset.agent.internal.AgentRuntime$$Lambda$14/0x00007ff3bc001000 source: dev.sunset.agent.internal.AgentRuntime",
        "[7500000ns] java.lang.SunsetBootstrapDispatcher source: __JVM_LookupDefineClass__",
        "[7600000ns] dev.sunset.benchmarks.noop.NoopAgent source: file:/w/noop-agent.jar",
        "[8000000ns] workload.Hello source: file:/w/app/app.jar",
        "not a class load line"));
    ClassLoadLog read = ClassLoadLog.read(log, "app.jar");
    assertThat(read.loads()).extracting(ClassLoadLog.Load::origin).containsExactly(Origin.CDS, Origin.JDK,
        Origin.AGENT, Origin.SNAKEYAML, Origin.ASM, Origin.JACKSON, Origin.OTEL, Origin.LAMBDA_FORM, Origin.LAMBDA,
        Origin.DEFINED, Origin.OTHER_AGENT, Origin.APP);
    assertThat(read.firstLoad("dev.sunset.agent.SunsetAgent")).isEqualTo(3_000_000);
    assertThat(read.firstLoad("no.such.Class")).isEqualTo(-1);
    assertThat(read.between(3_000_000, 4_000_000)).hasSize(2);

    long[] charged = read.chargedNanos(3_000_000, 8_000_000);
    assertThat(charged[Origin.SNAKEYAML.ordinal()]).isEqualTo(500_000); // the gap ending at its class
    assertThat(charged[Origin.ASM.ordinal()]).isEqualTo(500_000);
    assertThat(charged[Origin.LAMBDA_FORM.ordinal()]).isEqualTo(1_000_000);
    assertThat(charged[Origin.APP.ordinal()]).isZero(); // the end is exclusive
    long sum = 0;
    for (long c : charged) {
      sum += c;
    }
    assertThat(sum).isEqualTo(7_600_000 - 3_000_000);
  }
}
