package dev.sunset.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.log.AppLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  @Test
  void theAgentArgumentWinsOverPropertiesWhichWinOverTheEnvironment() {
    Map<String, String> props = Map.of("sunset.report", "prop.json", "sunset.rules", "prop.yaml");
    Map<String, String> env = Map.of("SUNSET_REPORT", "env.json", "SUNSET_RULES", "env.yaml",
        "SUNSET_REPORT_INTERVAL", "3s");

    AgentOptions o = AgentOptions.read("rules=arg.yaml", props::get, env::get);

    assertThat(o.rulesFile()).isEqualTo(Path.of("arg.yaml"));
    assertThat(o.reportFile()).isEqualTo(Path.of("prop.json"));
    assertThat(o.reportInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void reportNoneTurnsTheReportOff() {
    assertThat(AgentOptions.read("report=none", k -> null, k -> null).reportFile()).isNull();
  }

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    AgentOptions o = AgentOptions.read(null, k -> null, k -> null);

    assertThat(o.rulesFile()).isNull();
    assertThat(o.reportFile()).isEqualTo(Path.of("sunset-report.json"));
    assertThat(o.reportInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.summary()).isTrue();
  }

  @Test
  void aBadIntervalFallsBackToTheDefault() {
    assertThat(AgentOptions.read("reportInterval=often", k -> null, k -> null).reportInterval())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(AgentOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(AgentOptions.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theReplyFileComesFromTheAgentArgumentOnly() {
    Map<String, String> props = Map.of("sunset.reply", "prop.reply");

    assertThat(AgentOptions.read("reply=/tmp/a.reply,rules=r.yaml", props::get, k -> null).replyFile())
        .isEqualTo(Path.of("/tmp/a.reply"));
    assertThat(AgentOptions.read("rules=r.yaml", props::get, k -> null).replyFile()).isNull();
  }

  @Test
  void aSecondAttachDiffersOnlyInTheOptionsItGivesOtherThanTheRulesFile() {
    AgentOptions running = AgentOptions.read("rules=a.yaml,report=/tmp/r.json,reportInterval=1s", k -> null,
        Map.of("SUNSET_SUMMARY", "false")::get);

    assertThat(AgentOptions.read("rules=b.yaml", k -> null, k -> null).differencesFrom(running)).isEmpty();
    assertThat(AgentOptions.read("report=/tmp/../tmp/r.json,reportInterval=1000ms,summary=false", k -> null, k -> null)
        .differencesFrom(running)).isEmpty();
    assertThat(AgentOptions.read("report=/tmp/other.json,summary=true", k -> null, k -> null).differencesFrom(running))
        .containsExactly("report=/tmp/other.json (running: /tmp/r.json)", "summary=true (running: false)");
  }

  @Test
  void logIsAutoUnlessGivenAndTakesStderrAppOrAutoFromTheArgumentPropertiesOrEnvironment() {
    assertThat(argument(null).log()).isEqualTo(AppLog.Mode.AUTO);
    assertThat(argument("log=stderr").log()).isEqualTo(AppLog.Mode.STDERR);
    assertThat(argument("log=APP").log()).isEqualTo(AppLog.Mode.APP);
    assertThat(argument("log=auto").log()).isEqualTo(AppLog.Mode.AUTO);
    assertThat(AgentOptions.read(null, Map.of("sunset.log", "app")::get, k -> null).log()).isEqualTo(AppLog.Mode.APP);
    assertThat(AgentOptions.read(null, k -> null, Map.of("SUNSET_LOG", "stderr")::get).log())
        .isEqualTo(AppLog.Mode.STDERR);
    assertThat(argument("log=app").problems()).isEmpty();
  }

  @Test
  void aLogValueThatIsNoneOfStderrAppAutoIsOneLineAndAuto() {
    for (String value : new String[] {"slf4j", "stdout", "true", "app\u001b[2J"}) {
      AgentOptions o = argument("log=" + value);

      assertThat(o.log()).as(value).isEqualTo(AppLog.Mode.AUTO);
      assertThat(o.problems()).as(value).containsExactly("option log='" + value
          + "' is none of stderr, app, auto; using auto");
    }
  }

  @Test
  void aSecondAttachCannotChangeWhereTheLinesGo() {
    AgentOptions running = argument("rules=a.yaml");

    assertThat(argument("log=auto").differencesFrom(running)).isEmpty();
    assertThat(argument("log=stderr").differencesFrom(running)).containsExactly("log=stderr (running: auto)");
  }

  private static AgentOptions argument(String args) {
    return AgentOptions.read(args, k -> null, k -> null);
  }

  @Test
  void anIntervalOutOfRangeIsOneLineAndTheDefaultNeverAnOverflow() {
    for (String interval : new String[] {"3000000h", "900000000000000000s", "9223372036854775807h", "50ms", "0s",
        "-1s", "P99999999999D"}) {
      AgentOptions o = argument("reportInterval=" + interval);

      assertThat(o.reportInterval()).as(interval).isEqualTo(Duration.ofSeconds(10));
      assertThat(o.problems()).as(interval).singleElement().asString().startsWith("option reportInterval='" + interval
          + "' is ").contains("from 100ms to 24h").endsWith("; using 10s");
    }
    assertThat(argument("reportInterval=100ms").reportInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(argument("reportInterval=24h").reportInterval()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void aFlagTakesTrueOrFalseOnlyAndAnythingElseIsOneLine() {
    AgentOptions no = argument("summary=no");

    assertThat(no.summary()).isTrue();
    assertThat(no.problems()).containsExactly("option summary='no' is neither true nor false; using true");
    assertThat(argument("summary=FALSE").summary()).isFalse();
    assertThat(argument("summary=FALSE").problems()).isEmpty();
  }

  @Test
  void aCommaInAPathIsSaidAndThatOptionIgnoredRatherThanSplitSilently() {
    AgentOptions o = argument("rules=/srv/rules,v2.yaml,report=/tmp/r.json");

    assertThat(o.rulesFile()).isNull();
    assertThat(o.reportFile()).isEqualTo(Path.of("/tmp/r.json"));
    assertThat(o.problems()).containsExactly("option rules='/srv/rules,v2.yaml': a comma separates agent options, so "
        + "this path cannot be given in the agent argument (give it with -Dsunset.rules= or SUNSET_RULES); the option "
        + "is ignored");
  }

  @Test
  void theSeriesCapHasAStatedRange() {
    assertThat(argument("maxCallSiteSeries=100000").maxCallSiteSeries()).isEqualTo(100_000);
    assertThat(argument("maxCallSiteSeries=100001").maxCallSiteSeries()).isEqualTo(1000);
    assertThat(argument("maxCallSiteSeries=100001").problems()).containsExactly("option maxCallSiteSeries='100001' is "
        + "not a whole number from 0 to 100000; using 1000");
  }
}
