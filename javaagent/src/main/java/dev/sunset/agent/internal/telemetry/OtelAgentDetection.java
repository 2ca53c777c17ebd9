package dev.sunset.agent.internal.telemetry;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the OpenTelemetry Java agent in this JVM without loading any OpenTelemetry class: on the boot class
 * path, where it puts its relocated API, or on the command line, where it may come after Sunset.
 */
final class OtelAgentDetection {
  // Built at run time: the agent jar's relocation would otherwise rewrite names under io.opentelemetry.
  /** The package prefix of the OpenTelemetry Java agent's relocated API, context included. */
  static final String AGENT_API = String.join(".", "io", "opentelemetry", "javaagent", "shaded", "io",
      "opentelemetry") + ".";
  private static final String AGENT_INITIALIZER = String.join(".", "io", "opentelemetry", "javaagent",
      "bootstrap", "AgentInitializer");
  private static final String AGENT_PREMAIN = String.join(".", "io", "opentelemetry", "javaagent",
      "OpenTelemetryAgent");

  private OtelAgentDetection() {}

  /**
   * Whether the OpenTelemetry Java agent is attached to this JVM or about to be: its classes are on the boot
   * class path, or a {@code -javaagent} jar on the command line (or in {@code JAVA_TOOL_OPTIONS} or
   * {@code JDK_JAVA_OPTIONS}) is that agent.
   */
  static boolean attached(Function<String, String> environment) {
    return agentClass(AGENT_API + "api.GlobalOpenTelemetry") != null || onCommandLine(environment);
  }

  /** Whether the OpenTelemetry Java agent has finished starting and installed its SDK as the global instance. */
  static boolean agentReady() {
    Class<?> global = agentClass(AGENT_API + "api.GlobalOpenTelemetry");
    if (global == null) {
      return false;
    }
    try {
      Class<?> initializer = agentClass(AGENT_INITIALIZER);
      if (initializer != null) {
        Method started = initializer.getMethod("isAgentStarted", boolean.class);
        if (!(boolean) started.invoke(null, true)) {
          return false;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // an agent version without this method: the global instance decides
    }
    try {
      Method isSet = global.getMethod("isSet");
      return (boolean) isSet.invoke(null);
    } catch (NoSuchMethodException e) {
      try {
        // older APIs have no isSet(); get() would install a no-op, so read the field it guards
        Field field = global.getDeclaredField("globalOpenTelemetry");
        field.setAccessible(true);
        return field.get(null) != null;
      } catch (ReflectiveOperationException | RuntimeException e2) {
        return false;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static Class<?> agentClass(String name) {
    try {
      return Class.forName(name, false, null);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Whether a {@code -javaagent} option of this JVM names the OpenTelemetry Java agent's jar. */
  static boolean onCommandLine(Function<String, String> environment) {
    List<String> options = new ArrayList<>(commandLine());
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      String value = environment.apply(variable);
      if (value != null) {
        options.addAll(List.of(value.trim().split("\\s+")));
      }
    }
    for (String option : options) {
      if (option.startsWith("-javaagent:")) {
        String jar = option.substring("-javaagent:".length());
        int eq = jar.indexOf('=');
        if (isOtelJavaagent(Path.of(eq < 0 ? jar : jar.substring(0, eq)))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * This JVM's command-line arguments: from {@code /proc/self/cmdline} where there is one (Linux: a file read,
   * cheaper at start-up than {@code ProcessHandle}, which starts threads and spins lambdas), else from
   * {@code ProcessHandle}.
   */
  private static List<String> commandLine() {
    File proc = new File("/proc/self/cmdline");
    if (proc.canRead()) {
      try (FileInputStream in = new FileInputStream(proc)) {
        return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\0"));
      } catch (IOException | RuntimeException e) {
        // fall back below
      }
    }
    Optional<String[]> arguments = ProcessHandle.current().info().arguments();
    return arguments.isPresent() ? List.of(arguments.get()) : List.of();
  }

  /** Whether {@code jar}'s manifest names the OpenTelemetry Java agent's premain class. */
  static boolean isOtelJavaagent(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      return manifest != null && AGENT_PREMAIN.equals(manifest.getMainAttributes().getValue("Premain-Class"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

}
