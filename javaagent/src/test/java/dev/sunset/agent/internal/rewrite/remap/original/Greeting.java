package dev.sunset.agent.internal.rewrite.remap.original;

/** What the remapping test's subject is compiled against. */
public final class Greeting {
  private Greeting() {}

  public static String text() {
    return "original";
  }
}
