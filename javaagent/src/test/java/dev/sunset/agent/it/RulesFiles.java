package dev.sunset.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rules files for the fixtures, written into a test's temporary folder. */
final class RulesFiles {
  static final String FIX = "dev.sunset.agent.it.fixtures.";

  private RulesFiles() {}

  static String createRule(String stage) {
    return "  - id: clock-create\n"
        + "    legacy: " + FIX + "LegacyClock#create(java.lang.String)\n"
        + "    replacement: " + FIX + "ModernClock#create(java.lang.String)\n"
        + "    stage: " + stage + "\n"
        + "    message: Use ModernClock.create\n";
  }

  static String nowRule(String stage) {
    return "  - id: clock-now\n"
        + "    legacy: " + FIX + "LegacyClock#now(int)\n"
        + "    replacement: " + FIX + "ModernClock#now(int)\n"
        + "    stage: " + stage + "\n";
  }

  static String describeRule(String stage) {
    return "  - id: clock-describe\n"
        + "    legacy: " + FIX + "LegacyClock#describe(java.lang.String)\n"
        + "    replacement: " + FIX + "ModernClock#describe(" + FIX + "LegacyClock, java.lang.String)\n"
        + "    stage: " + stage + "\n";
  }

  static Path write(Path dir, String... rules) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "rules:\n" + String.join("", rules));
    return file;
  }
}
