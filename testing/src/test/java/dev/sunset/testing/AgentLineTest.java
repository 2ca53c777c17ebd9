package dev.sunset.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLineTest {
  @Test
  void onlyLinesWithThePrefixAreTheAgents() {
    assertThat(AgentLine.parse("[sunset] legacy call sites: 1")).contains(new AgentLine("legacy call sites: 1"));
    assertThat(AgentLine.parse("[sunset]no space")).isEmpty();
    assertThat(AgentLine.parse(" [sunset] indented")).isEmpty();
    assertThat(AgentLine.messages("a\n[sunset] one\r\nb\n[sunset] WARN two")).containsExactly("one", "WARN two");
    assertThat(AgentLine.in(List.of("[sunset] WARN x", "[sunset] y")).stream().map(AgentLine::isWarning))
        .containsExactly(true, false);
    assertThat(new AgentLine("z")).hasToString("[sunset] z");
  }

  @Test
  void theLastValueOfAKeyWins() {
    assertThat(KeyValues.of("a=1\nnot a value\n=x\nb=2=3\na=4")).containsExactly(
        java.util.Map.entry("a", "4"), java.util.Map.entry("b", "2=3"));
  }
}
