package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Report;
import dev.sunset.rewrite.MigrationRecipes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Who may rely on what: every package of the project says what it is for ({@code package-info.java}), and every public
 * type of core, of the recipes and of the agent's public package says how stable it is ({@code @API}, as JUnit 5 marks
 * its own). Read from the compiled classes the other modules hand this one (the agent's from its jar), so a type added
 * unmarked fails here.
 */
class MarkedContractsTest {
  private static final String API = "Lorg/apiguardian/api/API;";
  /** The project's root, from this module's folder (where Surefire runs the tests). */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void everyPackageOfTheProjectSaysWhatItIsFor() throws IOException {
    List<Path> missing = new ArrayList<>();
    int packages = 0;
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        for (Path sources : List.of(module.resolve("src/main/java"), module.resolve("chat-app/src/main/java"))) {
          if (!Files.isDirectory(sources)) {
            continue;
          }
          try (Stream<Path> dirs = Files.walk(sources)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(MarkedContractsTest::holdsJava).toList()) {
              packages++;
              if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
                missing.add(ROOT.relativize(dir));
              }
            }
          }
        }
      }
    }
    assertThat(packages).as("packages found under %s", ROOT).isGreaterThan(40);
    assertThat(missing).as("packages without a package-info.java").isEmpty();
  }

  @Test
  void everyPublicTypeOfCoreTheRecipesAndTheAgentsPublicPackageSaysHowStableItIs() throws Exception {
    TreeSet<String> unmarked = new TreeSet<>();
    int marked = 0;
    marked += unmarkedTypes(codeSource(Report.class), name -> name.startsWith("dev/sunset/core/"), unmarked);
    marked += unmarkedTypes(codeSource(MigrationRecipes.class), name -> name.startsWith("dev/sunset/rewrite/"),
        unmarked);
    marked += unmarkedTypes(Path.of(System.getProperty("sunset.agent.jar")),
        name -> name.startsWith("dev/sunset/agent/") && name.indexOf('/', "dev/sunset/agent/".length()) < 0, unmarked);
    assertThat(marked).as("public types marked").isGreaterThan(70);
    assertThat(unmarked).as("public types without @API(status = ...)").isEmpty();
  }

  private static boolean holdsJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Adds the public top-level types of {@code where} (a class folder or a jar) without {@code @API} to {@code out}. */
  private static int unmarkedTypes(Path where, Predicate<String> which, TreeSet<String> out) throws IOException {
    int marked = 0;
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.walk(where)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String name = where.relativize(f).toString().replace('\\', '/');
          if (which.test(name)) {
            try (InputStream in = Files.newInputStream(f)) {
              marked += check(in, out);
            }
          }
        }
      }
      return marked;
    }
    try (JarFile jar = new JarFile(where.toFile())) {
      for (JarEntry e : jar.stream().toList()) {
        if (e.getName().endsWith(".class") && which.test(e.getName())) {
          try (InputStream in = jar.getInputStream(e)) {
            marked += check(in, out);
          }
        }
      }
    }
    return marked;
  }

  /** 1 when the class is a public top-level type with {@code @API}; adds it to {@code unmarked} when it lacks one. */
  private static int check(InputStream classFile, TreeSet<String> unmarked) throws IOException {
    ClassReader reader = new ClassReader(classFile);
    boolean[] found = new boolean[1];
    boolean[] nested = new boolean[1];
    reader.accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public void visitNestHost(String host) {
        nested[0] = true;
      }

      @Override
      public void visitOuterClass(String owner, String name, String descriptor) {
        nested[0] = true;
      }

      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        found[0] |= descriptor.equals(API);
        return null;
      }
    }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    boolean isPublic = (reader.getAccess() & Opcodes.ACC_PUBLIC) != 0;
    boolean isInfo = reader.getClassName().endsWith("/package-info");
    if (!isPublic || nested[0] || isInfo || reader.getClassName().contains("$")) {
      return 0;
    }
    if (!found[0]) {
      unmarked.add(reader.getClassName().replace('/', '.'));
      return 0;
    }
    return 1;
  }
}
