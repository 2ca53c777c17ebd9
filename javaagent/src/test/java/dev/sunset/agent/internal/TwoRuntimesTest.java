package dev.sunset.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.config.AgentOptions;
import dev.sunset.agent.internal.config.SystemLookup;
import dev.sunset.agent.internal.registry.ThisRun;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.Stage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwoRuntimesTest {
  private static AgentRuntime runtime() {
    return new AgentRuntime(AgentOptions.read("", SystemLookup.NONE, SystemLookup.NONE), Clock.systemUTC(),
        ThisRun.startingNow(false));
  }

  private static RuleSpec rule() {
    return new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("/etc"), RuleSource.Kind.USER),
        "rules:\n  - id: r\n    legacy: a.Legacy#now(int)\n    replacement: a.Modern#now(int)\n    stage: observe\n")
        .rules().get(0);
  }

  @Test
  void twoRuntimesInOneJvmShareNeitherStagesNorSitesNorCounts() {
    AgentRuntime first = runtime();
    AgentRuntime second = runtime();
    RuleSpec rule = rule();

    first.overrideStage("r", Stage.DENY);

    assertThat(first.stageSource(rule)).isEqualTo("jmx");
    assertThat(second.stageSource(rule)).as("the other runtime's operator did nothing here").isEqualTo("file");
    assertThat(first.snapshot().sites()).isEmpty();
    assertThat(second.callCountsBySite()).isEmpty();
    assertThat(first.snapshot().run().id()).as("each its own run").isNotEqualTo(second.snapshot().run().id());
  }
}
