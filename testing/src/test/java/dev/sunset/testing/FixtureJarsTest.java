package dev.sunset.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixtureJarsTest {
  @TempDir Path dir;

  @Test
  void aCompiledAndPackagedFixtureRunsFromItsJar() throws Exception {
    Path source = Files.writeString(dir.resolve("Hello.java"),
        "public class Hello { public static void main(String[] a) { System.out.println(\"hello=\" + a[0]); } }");
    Files.writeString(Files.createDirectories(dir.resolve("resources")).resolve("r.txt"), "r");
    Path classes = FixtureJars.compile(List.of(source), List.of(), dir.resolve("classes"), "-g");
    Path jar = FixtureJars.jar(dir.resolve("lib/hello.jar"), List.of(classes, dir.resolve("resources")), "other.jar");

    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Class-Path")).isEqualTo("other.jar");
      assertThat(file.stream().map(e -> e.getName())).contains("Hello.class", "r.txt");
    }
    TestJvm.Result r = TestJvm.withoutAgent().classPath(List.of(jar)).run(Duration.ofSeconds(60), "Hello", "x");
    assertThat(r.values()).as(r.toString()).containsEntry("hello", "x");
  }

  @Test
  void aFixtureThatDoesNotCompileSaysWhy() throws Exception {
    Path source = Files.writeString(dir.resolve("Broken.java"), "public class Broken { int x = ; }");
    assertThatThrownBy(() -> FixtureJars.compile(List.of(source), List.of(), dir.resolve("classes")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Broken.java");
  }
}
