package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached to a running JVM rewrites the classes already loaded. */
class LateAttachIT {
  @TempDir
  Path dir;

  @Test
  void attachingToARunningJvmRewritesAlreadyLoadedClassesOnce() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withoutAgent().jvmArg("-XX:+EnableDynamicAgentLoading")
        .start("dev.sunset.agent.it.fixtures.LateAttachApp"))) {
      app.awaitStdout("ready"::equals, 60);
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
      try {
        vm.loadAgent(ForkedJvm.agentJar().toString(), "rules=" + rules + ",report=" + report);
      } finally {
        vm.detach();
      }
      Map<String, String> out = app.stop();

      assertThat(out).containsEntry("before", "legacy:utc:0").containsEntry("after", "modern:5");
      Map<String, Object> json = Reports.read(report);
      assertThat(Reports.count(Reports.site(json, "clock-now", "afterAttach"))).isEqualTo(1);
      assertThat(Reports.site(json, "clock-now", "main")).isNotNull();
    }
  }
}
