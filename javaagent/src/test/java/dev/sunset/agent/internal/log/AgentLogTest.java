package dev.sunset.agent.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentLogTest {
  private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
  private final PrintStream before = AgentLog.printTo(new PrintStream(lines, true, StandardCharsets.UTF_8));

  @AfterEach
  void restore() {
    AgentLog.printTo(before);
  }

  private List<String> printed() {
    return lines.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aLineIsPrintedOncePerTopicAndSubjectAndTheSameSubjectUnderAnotherTopicIsAnotherLine() {
    Object site = List.of(Integer.MAX_VALUE - 7, "deny"); // a subject no other test uses
    assertThat(AgentLog.once(LogTopic.LINK_TARGET, site, "first")).isTrue();
    assertThat(AgentLog.once(LogTopic.LINK_TARGET, List.of(Integer.MAX_VALUE - 7, "deny"), "again")).isFalse();
    assertThat(AgentLog.once(LogTopic.LINK, site, "another topic")).isTrue();
    AgentLog.failureOnce(LogTopic.LINK, site, "and its failure", new IllegalStateException("x"));

    assertThat(printed()).containsExactly("[sunset] first", "[sunset] another topic");
  }

  @Test
  void aFailureNamesItsTypeAndMessageAndAControlCharacterInItCannotStartALineOfItsOwn() {
    AgentLog.failureOnce(LogTopic.RETRANSFORM, "com.acme.AgentLogTest$Unique", "could not rewrite",
        new IllegalArgumentException("bad\n[sunset] forged"));

    assertThat(printed()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("[sunset] could not rewrite: java.lang.IllegalArgumentException: bad")
        .contains("forged"));
  }
}
