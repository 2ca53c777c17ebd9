package dev.sunset.agent.internal.rewrite.remap.replacement;

/** What the remapping test's subject is rewritten to use. */
public final class Greeting {
  private Greeting() {}

  public static String text() {
    return "replacement";
  }
}
