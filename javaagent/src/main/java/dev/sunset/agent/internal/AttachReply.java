package dev.sunset.agent.internal;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.io.OutputFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code agentmain} did, told to whoever attached the agent: the JDK's attach mechanism carries no answer
 * back (an exception thrown by {@code agentmain} only makes the attacher's {@code loadAgent} fail, without its
 * message, and prints a stack trace on the application's standard error), so {@code sunset attach} gives the agent
 * a file ({@code reply=}) and reads it once the attach returns. Two lines: the outcome's word, then one line for
 * people.
 *
 * @param outcome what the agent did
 * @param message what it did, for people: one line
 */
public record AttachReply(Outcome outcome, String message) {
  /** What an attach did. */
  public enum Outcome {
    /** The agent started in the running JVM. */
    STARTED,
    /** The agent was running already, and took the new rules file. */
    APPLIED,
    /** The agent was running already, and nothing was asked that it did not do already. */
    UNCHANGED,
    /** The agent was running already, and did not do what was asked: the message says why. */
    REFUSED,
    /** The agent could not start. */
    FAILED;

    /** The word the reply file starts with. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Writes the reply to {@code file} (when given), atomically; a failure is logged once and changes nothing else. */
  void writeTo(Path file) {
    if (file == null) {
      return;
    }
    try {
      OutputFile.write(file, outcome.word() + "\n" + message.replace('\n', ' ') + "\n");
    } catch (IOException | RuntimeException e) {
      AgentLog.failureOnce(LogTopic.REPLY, file, "cannot tell the attacher what this attach did (" + file + ")", e);
    }
  }
}
