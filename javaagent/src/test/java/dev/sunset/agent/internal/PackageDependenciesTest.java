package dev.sunset.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.classfile.internal.ClassFileReader;
import dev.sunset.core.classfile.internal.ConstantTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other without a cycle, read from the compiled classes: every class name a class
 * file's constant pool holds (class entries, and the descriptors and signatures in its strings) counts.
 */
class PackageDependenciesTest {
  private static final String ROOT = "dev/sunset/agent/";
  private static final String ENTRY = ROOT + "SunsetAgent";
  private static final Pattern NAME = Pattern.compile("L(dev/sunset/agent/[\\w/$]+)[;<]|^(dev/sunset/agent/[\\w/$]+)$");

  /** Package (dotted, below {@code dev.sunset.agent}) to the packages its classes name. */
  static Map<String, Set<String>> graph() throws IOException {
    Path classes = Path.of("target/classes", ROOT);
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
        try {
          String from = packageOf(classes.getParent().getParent().getParent().relativize(f).toString()
              .replaceAll("\\$[^/]*\\.class$", ".class")); // a nested class is its outer class's
          Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
          ClassFileReader reader = new ClassFileReader(Files.readAllBytes(f));
          reader.indexConstantPool();
          for (int i = 1; i < reader.constantPoolCount(); i++) {
            if (reader.tag(i) != ConstantTag.UTF8) {
              continue;
            }
            Matcher m = NAME.matcher(reader.utf8(i));
            while (m.find()) {
              String target = packageOf((m.group(1) != null ? m.group(1) : m.group(2)).replaceAll("\\$.*", "") + ".class");
              if (!target.equals(from)) {
                to.add(target);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return graph;
  }

  /**
   * The package of a class file below {@code dev/sunset/agent/}, dotted; {@code api} for {@code dev.sunset.agent}, but
   * {@code entry} for {@link #ENTRY}: the class the manifest names as {@code Premain-Class} starts everything, so it
   * names the runtime, while the linkage throws the API's {@code LegacyCallDeniedException}; the two share a package
   * for their users, not a dependency.
   */
  private static String packageOf(String classFile) {
    String name = classFile.replace('\\', '/');
    if (name.equals(ENTRY + ".class")) {
      return "entry";
    }
    int end = name.lastIndexOf('/');
    return end < ROOT.length() ? "api" : name.substring(ROOT.length(), end).replace('/', '.');
  }

  @Test
  void theAgentsPackagesDependOnEachOtherWithoutACycle() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys("internal", "internal.registry", "internal.linkage", "internal.rules");

    System.out.println("package dependencies of the agent: " + graph);
    assertThat(cycles(graph)).as("packages that depend on each other, %s", graph).isEmpty();
  }

  @Test
  void theReadModelNamesNeitherTheLinkerNorAnyPartThatReadsIt() throws IOException {
    assertThat(graph().get("internal.registry"))
        .doesNotContain("internal.linkage", "internal.report", "internal.telemetry", "internal.jfr", "internal.jmx",
            "internal");
  }

  /** The strongly connected components of more than one package (Tarjan's algorithm). */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> found = new ArrayList<>();
    for (String p : graph.keySet()) {
      if (!index.containsKey(p)) {
        connect(p, graph, index, low, stack, found);
      }
    }
    return found;
  }

  private static void connect(String p, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, List<Set<String>> found) {
    index.put(p, index.size());
    low.put(p, index.get(p));
    stack.push(p);
    for (String q : graph.getOrDefault(p, Set.of())) {
      if (!index.containsKey(q)) {
        connect(q, graph, index, low, stack, found);
        low.put(p, Math.min(low.get(p), low.get(q)));
      } else if (stack.contains(q)) {
        low.put(p, Math.min(low.get(p), index.get(q)));
      }
    }
    if (low.get(p).equals(index.get(p))) {
      Set<String> component = new TreeSet<>();
      String q;
      do {
        q = stack.pop();
        component.add(q);
      } while (!q.equals(p));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }
}
