package dev.sunset.core.classfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class ClassFileCheckTest {
  @Test
  void everyClassOfTheJdksBaseAndDesktopModulesPasses() throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String module : List.of("java.base", "java.desktop", "java.sql", "jdk.compiler")) {
      try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module))) {
        for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
          checked++;
          ClassFileCheck.problem(Files.readAllBytes(p)).ifPresent(problem -> failures.add(p + ": " + problem));
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(10_000);
  }

  @Test
  void everyClassOfTheJarsOnTheTestClassPathPasses() throws IOException {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      try (ZipFile jar = new ZipFile(entry)) {
        for (ZipEntry e : Collections.list(jar.entries())) {
          if (e.getName().endsWith(".class")) {
            checked++;
            byte[] bytes = jar.getInputStream(e).readAllBytes();
            ClassFileCheck.problem(bytes).ifPresent(problem -> failures.add(entry + "!" + e.getName() + ": " + problem));
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(1_000);
  }

  @Test
  void aBadMagicATruncationAndExtraBytesAreSeen() throws IOException {
    byte[] good;
    try (var in = getClass().getResourceAsStream("ClassFileCheckTest.class")) {
      good = in.readAllBytes();
    }
    byte[] magic = good.clone();
    magic[0] = 0;
    byte[] extra = Arrays.copyOf(good, good.length + 1);

    assertThat(ClassFileCheck.problem(good)).isEmpty();
    assertThat(ClassFileCheck.problem(magic)).contains("bad magic number");
    assertThat(ClassFileCheck.problem(Arrays.copyOf(good, good.length - 3))).isPresent();
    assertThat(ClassFileCheck.problem(extra)).contains("extra bytes at the end of the class file");
  }
}
