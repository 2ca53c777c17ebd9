package dev.sunset.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * Users name this jar's listener and extension in their builds: each public type says how stable it is, as core's
 * do (cli's {@code MarkedContractsTest} checks core, the recipes and the agent's API).
 */
class PublicTypesTest {
  @Test
  void everyPublicTypeOfThisJarSaysHowStableItIs() throws Exception {
    Path classes = Path.of(SunsetSessionListener.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> types;
    try (Stream<Path> files = Files.walk(classes)) {
      types = files.map(f -> classes.relativize(f).toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class"))
          .<Class<?>>map(n -> load(n.substring(0, n.length() - ".class".length()).replace('/', '.')))
          .filter(c -> Modifier.isPublic(c.getModifiers())).toList();
    }
    assertThat(types).as("public types of sunset-junit").contains(SunsetSessionListener.class, FailOnNewSites.class)
        .allSatisfy(c -> assertThat(c.getAnnotation(API.class)).as("@API on %s", c.getName()).isNotNull());
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PublicTypesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name, e);
    }
  }
}
