package dev.sunset.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Sunset's version, from the {@code version.properties} the build writes. */
public final class Version implements IVersionProvider {
  /** The version, such as {@code 0.1.0}, or {@code unknown}. */
  public static String current() {
    return property("version", "unknown");
  }

  /** Where to read about Sunset, as SARIF's {@code informationUri} names it. */
  public static String informationUri() {
    return property("informationUri", "urn:dev.sunset:sunset");
  }

  private static String property(String name, String otherwise) {
    try (InputStream in = Version.class.getResourceAsStream("/dev/sunset/cli/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty(name, otherwise);
    } catch (IOException e) {
      return otherwise;
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sunset " + current() + " (Java " + Runtime.version() + ")"};
  }
}
