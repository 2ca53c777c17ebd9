package dev.sunset.benchmarks.overhead;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Times whole commands with <a href="https://github.com/sharkdp/hyperfine">hyperfine</a> (Debian's
 * {@code hyperfine} package): wall-clock time of the process from spawn to exit, with no shell in between
 * ({@code -N}), read from its JSON export.
 */
public final class Hyperfine {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

  private final Path executable;

  private Hyperfine(Path executable) {
    this.executable = executable;
  }

  /** The {@code hyperfine} on the PATH, or a clear failure saying how to install it. */
  public static Hyperfine find() {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/usr/local/bin" : path).split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "hyperfine");
      if (Files.isExecutable(candidate)) {
        return new Hyperfine(candidate);
      }
    }
    throw new IllegalStateException("hyperfine is not installed; install it with: apt-get install -y hyperfine");
  }

  /** The {@code hyperfine} executable. */
  Path executable() {
    return executable;
  }

  /** hyperfine's own version line. */
  public String version() throws IOException, InterruptedException {
    return Jvm.run(List.of(executable.toString(), "--version"), Map.of(), Duration.ofSeconds(10), null)
        .stdout().trim();
  }

  /**
   * Runs each command once, in the order given, and returns each one's wall-clock time in milliseconds by name.
   * A command that exits with a status other than 0 fails the call.
   *
   * @param commands by name, each a command line (program and arguments)
   * @param json where hyperfine writes its export (kept, for the record)
   */
  public Map<String, Double> runOnce(Map<String, List<String>> commands, Path json, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "-N", "--runs", "1", "--style", "none",
        "--export-json", json.toString()));
    List<String> names = new ArrayList<>(commands.keySet());
    for (String name : names) {
      command.add(commandLine(commands.get(name)));
    }
    Jvm.run(command, Map.of(), timeout, null).requireSuccess("hyperfine");
    return parse(Files.readString(json), names);
  }

  /** The times in an export, in milliseconds, named after the commands in the order they were given. */
  @SuppressWarnings("unchecked")
  static Map<String, Double> parse(String json, List<String> names) throws IOException {
    Map<String, Object> root = JSON.std.mapFrom(json);
    List<Object> results = (List<Object>) root.get("results");
    if (results == null || results.size() != names.size()) {
      throw new IOException("hyperfine's export holds " + (results == null ? "no" : results.size())
          + " results for " + names.size() + " commands");
    }
    Map<String, Double> times = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Map<String, Object> result = (Map<String, Object>) results.get(i);
      List<Object> runs = (List<Object>) result.get("times");
      if (runs == null || runs.isEmpty()) {
        throw new IOException("hyperfine's export holds no time for " + names.get(i));
      }
      times.put(names.get(i), ((Number) runs.get(0)).doubleValue() * 1000);
    }
    return times;
  }

  /** One command line as hyperfine's {@code -N} splits it (shell words): arguments quoted where needed. */
  static String commandLine(List<String> args) {
    List<String> quoted = new ArrayList<>();
    for (String a : args) {
      quoted.add(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }
}
