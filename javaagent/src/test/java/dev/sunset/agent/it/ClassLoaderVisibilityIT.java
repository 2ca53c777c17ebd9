package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewritten call sites link in class loaders that cannot see the agent jar. */
class ClassLoaderVisibilityIT {
  @TempDir
  Path dir;

  @Test
  void callsFromALoaderThatCannotSeeTheAgentAreRedirectedAndCounted() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run("dev.sunset.agent.it.fixtures.IsolatedLoaderApp", ForkedJvm.testClasses());

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("isolatedSeesAgent", "false").containsEntry("now", "modern:3");
    assertThat(Reports.count(Reports.site(Reports.read(report), "clock-now", "once"))).isEqualTo(1);
    assertThat(r.agentLines()).noneMatch(l -> l.contains("cannot define the bootstrap dispatcher"));
  }
}
