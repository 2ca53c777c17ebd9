package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes an application defines from bytes, with the real agent jar in a forked JVM: {@code ClassLoader.defineClass}
 * without a name (the JVM hands the transformer no name: it is read from the class file), with one, with a protection
 * domain whose code source is a jar's URL and with one that has none, and {@code Lookup.defineClass}, are rewritten as
 * classes loaded from a jar are: a method rule's call and a class rule's field read are each a site, counted exactly,
 * under the code source the domain names ({@code unknown} where it names none). A hidden class
 * ({@code Lookup.defineHiddenClass}) is never handed to a transformer: its method rule's calls are caught by the legacy
 * method's guard (via {@code unrewritten}), its class rule's field read is not seen at all.
 */
class DefinedFromBytesIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.defined.DefinedFromBytesApp";
  private static final String CALLER = "dev.sunset.agent.it.fixtures.defined.BytesCaller";
  private static final int TIMES = 3;

  @TempDir
  Path dir;

  /** Each site that was called, as one line: rule, class (hidden: its name up to the slash), method, use, via, code. */
  private static List<String> called(Map<String, Object> report) {
    List<String> lines = new ArrayList<>();
    for (String rule : List.of("clock-now", "registry")) {
      for (Map<String, Object> s : Reports.sitesOf(report, rule)) {
        if (Reports.count(s) > 0) {
          String cls = String.valueOf(s.get("class"));
          lines.add(rule + " " + (cls.startsWith(CALLER + "/") ? "hidden " : "") + cls.substring(
              cls.lastIndexOf('.') + 1).replaceFirst("/.*", "") + "." + s.get("method") + " "
              + s.getOrDefault("use", "call") + (s.get("via") == null ? "" : " via " + s.get("via")) + " in "
              + s.get("codeSource") + " x" + s.get("count"));
        }
      }
    }
    return lines;
  }

  @Test
  void everyClassDefinedFromBytesIsRewrittenUnderItsCodeSourceButAHiddenClassIsSeenOnlyByGuards() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"), "  - id: registry\n    legacy: "
        + RulesFiles.FIX + "classes.LegacyRegistry\n    stage: observe\n");
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(without.exitCode).as(without.toString()).isZero();
    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).hasSize(12).containsEntry("unnamed", "legacy:utc:1/0")
        .containsEntry("hidden", "legacy:utc:6/0").containsEntry("named.class", CALLER);
    Map<String, String> withoutAgent = new HashMap<>(without.values());
    Map<String, String> withAgent = new HashMap<>(with.values());
    assertThat(withAgent.remove("hidden.class")).startsWith(CALLER + "/");
    withoutAgent.remove("hidden.class"); // a hidden class's name ends in an address of its own
    assertThat(withAgent).as("the application runs as without the agent").isEqualTo(withoutAgent);
    String x = " x" + TIMES;
    String classes = "in file:" + ForkedJvm.testClasses() + "/";
    assertThat(called(Reports.read(report))).as(with.toString()).containsExactlyInAnyOrder(
        "clock-now BytesCaller.unnamed call in unknown" + x,
        "registry BytesCaller.unnamed field-read in unknown" + x,
        "clock-now BytesCaller.named call in unknown" + x,
        "registry BytesCaller.named field-read in unknown" + x,
        "clock-now BytesCaller.withCodeSource call in file:/opt/plugins/bytes-plugin.jar" + x,
        "registry BytesCaller.withCodeSource field-read in file:/opt/plugins/bytes-plugin.jar" + x,
        "clock-now BytesCaller.withoutCodeSource call in unknown" + x,
        "registry BytesCaller.withoutCodeSource field-read in unknown" + x,
        "clock-now BytesCaller.lookup call " + classes + x,
        "registry BytesCaller.lookup field-read " + classes + x,
        // the hidden class: its call caught at the legacy method, its field read not seen
        "clock-now hidden BytesCaller.hidden call via unrewritten " + classes + x);
    assertThat(with.agentLines()).as("nothing failed").noneMatch(l -> l.contains("unchanged"));
  }
}
