package dev.sunset.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Sunset's version, from the {@code version.properties} the build writes. */
public final class Version implements IVersionProvider {
  /** The version, such as {@code 0.1.0}, or {@code unknown}. */
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/sunset/cli/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sunset " + current() + " (Java " + Runtime.version() + ")"};
  }
}
