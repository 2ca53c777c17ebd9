package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.testing.InheritedEnvironment;
import dev.sunset.testing.TestJvm;
import java.time.Duration;
import java.util.List;

/** A main class of a test's own run in a JVM of its own ({@link TestJvm}) under the real agent. */
final class UnderTheAgent {
  private UnderTheAgent() {}

  /**
   * Runs {@code mainClass} with {@code args} on {@code classPath} under the agent jar with {@code agentOptions}
   * ({@code key=value,...}) and this JVM's whole environment; it must exit 0 within a minute.
   */
  static TestJvm.Result run(String agentOptions, List<?> classPath, String mainClass, String... args)
      throws Exception {
    TestJvm.Result r = TestJvm.withoutAgent().inherit(InheritedEnvironment.ALL)
        .option(TestJvm.javaAgentOption(ChatApp.agentJar(), agentOptions)).classPath(classPath)
        .run(Duration.ofSeconds(60), TestJvm.launch(mainClass, args));
    assertThat(r.exitCode()).as("%s: %s", mainClass, r).isZero();
    return r;
  }
}
