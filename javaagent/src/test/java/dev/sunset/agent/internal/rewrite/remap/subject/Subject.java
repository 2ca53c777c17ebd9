package dev.sunset.agent.internal.rewrite.remap.subject;

import dev.sunset.agent.internal.rewrite.remap.original.Greeting;
import java.util.function.Supplier;

/** Uses {@link Greeting} through a static call, a lambda and an inner class, and names its own package. */
public final class Subject implements Supplier<String> {
  @Override
  public String get() {
    Supplier<String> lambda = () -> Greeting.text();
    return Greeting.text() + "," + lambda.get() + "," + new Inner().text() + "," + getClass().getName() + ","
        + 12345678901L + "," + 2.5d;
  }

  private static final class Inner {
    String text() {
      return Greeting.text();
    }
  }
}
