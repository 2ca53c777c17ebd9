package dev.sunset.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.fixtures.Adapter;
import dev.sunset.core.fixtures.Caller;
import dev.sunset.core.resolve.Resolution;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.resolve.RuleResolver;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;

class LegacyCallMatcherTest {
  private static final String FIX = "dev.sunset.core.fixtures.";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  private LegacyCallMatcher matcher(String... legacy) {
    StringBuilder yaml = new StringBuilder("rules:\n");
    int i = 0;
    for (String l : legacy) {
      yaml.append("  - id: r").append(i++).append("\n    legacy: ").append(FIX).append(l).append("\n");
    }
    RulesReader.Result read = new RulesReader(p -> Optional.empty())
        .read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), yaml.toString());
    List<ResolvedRule> resolved = new ArrayList<>();
    for (RuleSpec spec : read.rules()) {
      resolved.add(((Resolution.Resolved) RuleResolver.resolve(spec, hierarchy)).rule());
    }
    return new LegacyCallMatcher(resolved, hierarchy);
  }

  /** A site a scan found. */
  record Found(String rule, String method, int line, String calledOwner, boolean reference) {}

  private static List<Found> scan(LegacyCallMatcher matcher, Class<?> c) throws IOException {
    List<Found> found = new ArrayList<>();
    try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      new ClassReader(in.readAllBytes()).accept(new LegacyCallVisitor(null, matcher) {
        @Override
        protected boolean visitLegacyCall(MethodVisitor next, CallContext where, CallMatch match, int opcode,
            String owner, String name, String descriptor, boolean isInterface) {
          found.add(new Found(match.rule().id(), where.methodName(), where.line(), match.calledOwner(), false));
          return false;
        }

        @Override
        protected Object[] visitLegacyReference(CallContext where, CallMatch match, Handle implementation,
            boolean serializable, Object[] args) {
          found.add(new Found(match.rule().id(), where.methodName(), where.line(), match.calledOwner(), true));
          return args;
        }
      }, 0);
    }
    return found;
  }

  @Test
  void findsDirectCallsCallsThroughASubtypeThatInheritsAndMethodReferences() throws IOException {
    LegacyCallMatcher m = matcher("Legacy#create(java.lang.String)", "Legacy#describe(java.lang.String)",
        "Legacy#now(int)");

    List<Found> found = scan(m, Caller.class);

    String legacy = "dev/sunset/core/fixtures/Legacy";
    String special = "dev/sunset/core/fixtures/Special";
    assertThat(found).extracting(Found::rule, Found::method, Found::calledOwner, Found::reference).containsExactly(
        tuple("r0", "direct", legacy, false),
        tuple("r1", "direct", legacy, false),
        tuple("r1", "throughSubtype", special, false),
        tuple("r0", "staticThroughSubtype", special, false),
        tuple("r0", "reference", legacy, true));
    assertThat(found).allSatisfy(f -> assertThat(f.line()).isPositive());
  }

  @Test
  void anOverrideInTheSubtypeIsNotTheLegacyMethod() throws IOException {
    assertThat(scan(matcher("Legacy#now(int)"), Caller.class)).isEmpty();
  }

  private LegacyCallMatcher matcherOf(String yaml) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty())
        .read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), yaml);
    assertThat(read.problems()).isEmpty();
    List<ResolvedRule> resolved = new ArrayList<>();
    for (RuleSpec spec : read.rules()) {
      resolved.add(((Resolution.Resolved) RuleResolver.resolve(spec, hierarchy)).rule());
    }
    return new LegacyCallMatcher(resolved, hierarchy);
  }

  private static byte[] classFile(Class<?> c) throws IOException {
    try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aClassIsLeftAloneOnlyForTheRulesWhoseLegacyOwnerOrReplacementItIs() throws IOException {
    String describeToAdapter = "  - id: describe\n"
        + "    legacy: " + FIX + "Legacy#describe(java.lang.String)\n"
        + "    replacement: " + FIX + "Adapter#describe(" + FIX + "Legacy, java.lang.String)\n"
        + "    stage: redirect\n";
    String nowToModern = "  - id: now\n"
        + "    legacy: " + FIX + "Legacy#now(int)\n"
        + "    replacement: " + FIX + "Modern#now(int)\n"
        + "    stage: redirect\n";
    LegacyCallMatcher both = matcherOf("rules:\n" + describeToAdapter + nowToModern);
    LegacyCallMatcher adapterOnly = matcherOf("rules:\n" + describeToAdapter);

    // the adapter's fallback to its own rule's legacy method is not a site; its call of the other rule's is
    assertThat(scan(both, Adapter.class)).extracting(Found::rule, Found::method).containsExactly(tuple("now", "describe"));
    assertThat(both.mayCall(new ClassReader(classFile(Adapter.class)))).isTrue();
    assertThat(scan(adapterOnly, Adapter.class)).isEmpty();
    assertThat(adapterOnly.mayCall(new ClassReader(classFile(Adapter.class)))).isFalse();
  }

  @Test
  void theConstantPoolCheckSeesCallersAndPassesOverBystanders() throws IOException {
    LegacyCallMatcher m = matcher("Legacy#describe(java.lang.String)");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/sunset/core/fixtures/Caller.class")) {
      assertThat(m.mayCall(new ClassReader(in.readAllBytes()))).isTrue();
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/sunset/core/fixtures/Modern.class")) {
      assertThat(m.mayCall(new ClassReader(in.readAllBytes()))).isFalse();
    }
    assertThat(m.scanNames()).containsExactly("dev/sunset/core/fixtures/Legacy", "describe");
  }
}
