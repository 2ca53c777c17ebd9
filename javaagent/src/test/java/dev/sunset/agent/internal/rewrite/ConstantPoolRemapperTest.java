package dev.sunset.agent.internal.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConstantPoolRemapperTest {
  private static final String BASE = "dev/sunset/agent/internal/rewrite/remap/";

  @Test
  void aRemappedClassUsesTheReplacementPackageEverywhereItNamedTheOriginal() throws Exception {
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put(BASE + "subject/", BASE + "renamed/");
    prefixes.put(BASE + "original/", BASE + "replacement/");
    ClassLoader loader = new RemappingLoader(prefixes);

    @SuppressWarnings("unchecked")
    Supplier<String> subject = (Supplier<String>) loader.loadClass(dotted(BASE + "renamed/Subject"))
        .getDeclaredConstructor().newInstance();

    assertThat(subject.get()).isEqualTo("replacement,replacement,replacement,"
        + "dev.sunset.agent.internal.rewrite.remap.renamed.Subject,12345678901,2.5");
  }

  @Test
  void eachTextIsScannedOnceSoAReplacementContainingItsPrefixIsNotReplacedAgain() {
    Map<String, String> prefixes = Map.of("io/opentelemetry/", "io/opentelemetry/javaagent/shaded/io/opentelemetry/");

    assertThat(ConstantPoolRemapper.replace("(Lio/opentelemetry/api/OpenTelemetry;Lio/opentelemetry/context/Context;)V",
        prefixes)).isEqualTo("(Lio/opentelemetry/javaagent/shaded/io/opentelemetry/api/OpenTelemetry;"
        + "Lio/opentelemetry/javaagent/shaded/io/opentelemetry/context/Context;)V");
    assertThat(ConstantPoolRemapper.replace("java/lang/String", prefixes)).isEqualTo("java/lang/String");
  }

  @Test
  void bytesThatAreNotAClassFileAreRefused() {
    assertThatThrownBy(() -> ConstantPoolRemapper.remap(new byte[16], Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String dotted(String internal) {
    return internal.replace('/', '.');
  }

  /** Defines the classes of the renamed package from the remapped bytes of the subject package. */
  private static final class RemappingLoader extends ClassLoader {
    private final Map<String, String> prefixes;

    RemappingLoader(Map<String, String> prefixes) {
      super(ConstantPoolRemapperTest.class.getClassLoader());
      this.prefixes = prefixes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      String renamed = dotted(BASE + "renamed/");
      if (!name.startsWith(renamed)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c != null) {
          return c;
        }
        String original = BASE + "subject/" + name.substring(renamed.length()).replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(original)) {
          byte[] bytes = ConstantPoolRemapper.remap(in.readAllBytes(), prefixes);
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }
}
