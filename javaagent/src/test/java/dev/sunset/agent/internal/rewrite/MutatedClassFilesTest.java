package dev.sunset.agent.internal.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.core.rules.RuleSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.objectweb.asm.ClassReader;

/**
 * Whatever bytes a class loader hands over, the transformer never throws, and a class defined from its
 * output loads (or fails) exactly as the class defined from the input would without the agent.
 */
class MutatedClassFilesTest {
  private static final String FIX = "dev.sunset.agent.it.fixtures.";
  private static final List<String> CLASSES = List.of(FIX + "PathsApp", FIX + "CallerApp", FIX + "SpecialClock");

  private final LegacyCallTransformer transformer;

  MutatedClassFilesTest() {
    RulesInForce rules = new RulesInForce();
    RuleSource source = new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER);
    rules.startWith(rules.userFile(source, "rules:\n"
        + "  - id: clock-now\n    legacy: " + FIX + "LegacyClock#now(int)\n"
        + "    replacement: " + FIX + "ModernClock#now(int)\n    stage: redirect\n"
        + "  - id: clock-create\n    legacy: " + FIX + "LegacyClock#create(java.lang.String)\n    stage: observe\n"));
    transformer = new LegacyCallTransformer(rules, new CallSiteRegistry(), new GuardRegistry(),
        BootstrapInstaller.Installation.withoutDispatcher());
  }

  /** What defining and initialising a class gave: its name, or the error's type (and, for people, its message). */
  record Outcome(String value, String detail) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }
  }

  @Property(tries = 1500)
  void aMutatedOrTruncatedClassLoadsOrFailsAsItWouldWithoutTheAgent(@ForAll("mutatedClassFiles") byte[] bytes) {
    ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};
    byte[] out = transformer.transform(null, loader, "dev/sunset/agent/it/fixtures/Mutated", null, null, bytes);

    assertThat(define(out == null ? bytes : out)).isEqualTo(define(bytes));
  }

  @Example
  void aClassWhoseInnerClassesNameOneClassUnderTwoIndicesIsLeftAsItIs() {
    // the mutation CI's property run found: MethodHandles$Lookup's class constant renamed MethodHandles, so the
    // InnerClasses entry (inner Lookup, outer MethodHandles) names one class under two indices; the JVM's format check
    // compares indices and passes it (verification fails), but a rewrite writing each constant once made the two
    // indices one: "Class is both outer and inner class", another error than without the agent
    byte[] bytes = classFile(FIX + "PathsApp");
    ClassReader reader = new ClassReader(bytes);
    int lookup = -1;
    int handles = -1;
    char[] buffer = new char[reader.getMaxStringLength()];
    for (int i = 1; i < reader.getItemCount(); i++) {
      int at = reader.getItem(i);
      if (at > 0 && bytes[at - 1] == 7) { // CONSTANT_Class
        String name = reader.readUTF8(at, buffer);
        if (name.equals("java/lang/invoke/MethodHandles$Lookup")) {
          lookup = at;
        } else if (name.equals("java/lang/invoke/MethodHandles")) {
          handles = at;
        }
      }
    }
    assertThat(lookup).as("PathsApp uses invokedynamic: it names the Lookup class").isPositive();
    assertThat(handles).isPositive();
    bytes[lookup] = bytes[handles];
    bytes[lookup + 1] = bytes[handles + 1];

    ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};
    assertThat(transformer.transform(null, loader, "dev/sunset/agent/it/fixtures/Mutated", null, null, bytes))
        .as("left as it is").isNull();
    assertThat(define(bytes).value()).isEqualTo(VerifyError.class.getName());
  }

  private Outcome define(byte[] bytes) {
    try {
      Class<?> c = new Definer(getClass().getClassLoader()).define(bytes);
      Class.forName(c.getName(), true, c.getClassLoader()); // links (verifies) and initialises it
      return new Outcome(c.getName(), "");
    } catch (Throwable t) {
      return new Outcome(t.getClass().getName(), String.valueOf(t.getMessage()));
    }
  }

  /** A fresh loader for each definition, so that two definitions never clash. */
  private static final class Definer extends ClassLoader {
    Definer(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(byte[] bytes) {
      return defineClass(null, bytes, 0, bytes.length);
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedClassFiles() {
    Arbitrary<byte[]> original = Arbitraries.of(CLASSES).map(MutatedClassFilesTest::classFile);
    Arbitrary<byte[]> flipped = Combinators.combine(original,
        Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
            .as(Tuple::of).list().ofMinSize(1).ofMaxSize(4)).as((bytes, changes) -> {
              byte[] copy = bytes.clone();
              for (var change : changes) {
                copy[change.get1() % copy.length] = change.get2();
              }
              return copy;
            });
    Arbitrary<byte[]> truncated = Combinators.combine(original, Arbitraries.doubles().between(0, 1))
        .as((bytes, fraction) -> Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    return Arbitraries.oneOf(flipped, truncated, original);
  }

  private static byte[] classFile(String name) {
    try (InputStream in = MutatedClassFilesTest.class.getClassLoader()
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
