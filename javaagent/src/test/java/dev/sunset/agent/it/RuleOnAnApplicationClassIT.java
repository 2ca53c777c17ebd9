package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rule that names an application class, as its legacy owner or its replacement, takes none of that class's
 * calls of other rules away from the agent: whether the rule resolved, was refused (a typo) or did not resolve,
 * the application's sites of the working rules are redirected, counted and attributed exactly as without it,
 * on every path (rewritten calls, calls through a subclass, and the calls the guard catches).
 */
class RuleOnAnApplicationClassIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.PathsApp";
  private static final String APP_CLASS = RulesFiles.FIX + "PathsApp";
  private static final int TIMES = 3;
  private static final int PATHS = 7; // the paths PathsApp takes to the legacy methods, each once per round

  /** A rule naming the application class {@code PathsApp}. */
  enum Extra {
    /** A typo: PathsApp exists, the method does not, so the rule is refused. */
    REFUSED("  - id: app-typo\n    legacy: " + APP_CLASS + "#mian(java.lang.String[])\n    stage: observe\n"),
    /** A real method of PathsApp: the rule resolves and PathsApp is its legacy owner. */
    RESOLVED("  - id: app-method\n    legacy: " + APP_CLASS + "#rewritten(" + RulesFiles.FIX + "LegacyClock)\n"
        + "    stage: observe\n"),
    /** A legacy class that is nowhere, replaced by a method of PathsApp: the rule does not resolve. */
    UNRESOLVED("  - id: app-replacement\n    legacy: com.acme.gone.Clocks#rewritten(" + RulesFiles.FIX + "LegacyClock)\n"
        + "    replacement: " + APP_CLASS + "#rewritten(" + RulesFiles.FIX + "LegacyClock)\n    stage: redirect\n");

    final String yaml;

    Extra(String yaml) {
      this.yaml = yaml;
    }
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Extra.class)
  void theOtherRulesSitesInThatClassAreRedirectedAndCountedExactlyAsWithoutTheRule(Extra extra) throws Exception {
    Path plainDir = Files.createDirectories(dir.resolve("plain"));
    Path withDir = Files.createDirectories(dir.resolve("with"));
    Path plainRules = RulesFiles.write(plainDir, RulesFiles.createRule("redirect"), RulesFiles.nowRule("redirect"));
    Path withRules = RulesFiles.write(withDir, RulesFiles.createRule("redirect"), RulesFiles.nowRule("redirect"),
        extra.yaml);
    Path plainReport = plainDir.resolve("report.json");
    Path withReport = withDir.resolve("report.json");

    ForkedJvm.Result plain = ForkedJvm.withAgent("rules=" + plainRules + ",report=" + plainReport)
        .run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + withRules + ",report=" + withReport)
        .run(APP, String.valueOf(TIMES));

    // without the extra rule every path runs the replacement and each site counts every call
    assertThat(plain.exitCode).as(plain.toString()).isZero();
    assertThat(plain.values()).containsEntry("legacyRuns", "0").containsEntry("modernRuns", String.valueOf(PATHS * TIMES));
    assertThat(sites(Reports.read(plainReport))).hasSize(PATHS).allMatch(s -> s.endsWith(" count=" + TIMES));
    // with it, exactly the same
    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(plain.values());
    assertThat(sites(Reports.read(withReport))).as(with.toString())
        .containsExactlyInAnyOrderElementsOf(sites(Reports.read(plainReport)));
  }

  /** The sites of the clock rules, each as one comparable line: rule, caller, line, how reached, stage, count. */
  private static List<String> sites(Map<String, Object> report) {
    List<String> lines = new ArrayList<>();
    for (String rule : List.of("clock-create", "clock-now")) {
      for (Map<String, Object> s : Reports.sitesOf(report, rule)) {
        lines.add(rule + " " + s.get("class") + "." + s.get("method") + ":" + s.get("line") + " via=" + s.get("via")
            + " through=" + s.get("calledThrough") + " stage=" + s.get("stage") + " count=" + s.get("count"));
      }
    }
    return lines;
  }
}
