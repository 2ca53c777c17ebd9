package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The exit codes are a contract: whatever a command throws, an {@code Error} included, it is one line and exit 3
 * ("Sunset failed"), never a stack trace and exit 1, which {@code check} uses for "new call sites".
 */
class ExitContractTest {
  /** A command that throws what it is given. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    final Supplier<Throwable> failure;

    Boom(Supplier<Throwable> failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      Throwable t = failure.get();
      if (t instanceof Error e) {
        throw e;
      }
      throw (Exception) t;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stack", "memory", "linkage", "runtime", "checked"})
  void anyFailureOfACommandIsOneLineAndExitThree(String kind) {
    Supplier<Throwable> failure = switch (kind) {
      case "stack" -> StackOverflowError::new;
      case "memory" -> () -> new OutOfMemoryError("Java heap space");
      case "linkage" -> () -> new NoClassDefFoundError("com/acme/Gone");
      case "runtime" -> () -> new IllegalStateException("line one\nline two\u001B[2J");
      default -> () -> new java.io.IOException("disk on fire");
    };
    CommandLine line = Sunset.commandLine();
    line.addSubcommand("boom", new Boom(failure));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Sunset.execute(line, new PrintWriter(out, true), new PrintWriter(err, true), "boom");

    assertThat(code).as("%s", err).isEqualTo(3);
    assertThat(err.toString().lines().toList()).as("%s", err).singleElement().asString()
        .startsWith("sunset boom: failed (a bug in Sunset): ").doesNotContain("\u001B").doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }
}
