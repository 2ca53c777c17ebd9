package dev.sunset.agent.internal.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.match.LegacyCallMatcher;
import dev.sunset.core.resolve.Resolution;
import dev.sunset.core.resolve.RuleResolver;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/**
 * Which {@code new} of a class rule's class becomes one counted instruction that makes the object: only one whose
 * constructor has a counterpart and whose arguments are straight-line code; and the class so rewritten passes the
 * verifier and makes what it made before.
 */
class ReplaceableNewsTest {
  private static final String FIX = "dev.sunset.agent.it.fixtures.redirect.";
  private static final String RULES = "rules:\n  - id: context\n    legacy: " + FIX + "LegacyContext\n"
      + "    replacement: " + FIX + "ContextAdapters\n    stage: redirect\n";
  private static final String SHAPES = FIX + "NewShapes";

  private static byte[] classFile(String name) throws IOException {
    try (InputStream in = ReplaceableNewsTest.class.getClassLoader()
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static LegacyCallMatcher matcher() {
    ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(ReplaceableNewsTest.class.getClassLoader()));
    RulesReader.Result read = new RulesReader(p -> Optional.empty())
        .read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), RULES);
    return new LegacyCallMatcher(((Resolution.Resolved) RuleResolver.resolve(read.rules().get(0), hierarchy))
        .members(), hierarchy);
  }

  @Test
  void onlyANewWithACounterpartAndStraightLineArgumentsIsReplaced() throws IOException {
    ReplaceableNews news = ReplaceableNews.find(new ClassReader(classFile(SHAPES)), matcher());

    assertThat(news.replaces("plain", "()Ljava/lang/String;", 0)).isTrue();
    assertThat(news.replaces("branch", "(Z)Ljava/lang/String;", 0)).as("its arguments branch").isFalse();
    assertThat(news.replaces("uncovered", "()Ljava/lang/String;", 0)).as("no counterpart").isFalse();
    assertThat(news.replaces("nested", "()Ljava/lang/String;", 0)).as("the outer new").isTrue();
    assertThat(news.replaces("nested", "()Ljava/lang/String;", 1)).as("the one in its arguments").isTrue();
    assertThat(news.replaces("wide", "()Ljava/lang/String;", 0)).as("wide values, dup2_x2 among them").isTrue();
    assertThat(news.replaces("wrapped", "()Ljava/lang/String;", 0)).as("a StringBuilder's new").isFalse();
    assertThat(news.replaces("wrapped", "()Ljava/lang/String;", 1)).isTrue();
    assertThat(news.replaces("discarded", "()Ljava/lang/String;", 0)).isTrue();
    assertThat(news.replaces("lambda$inLambda$0", "()L" + FIX.replace('.', '/') + "LegacyContext;", 0)).isTrue();
  }

  @Test
  void theRewrittenClassPassesTheVerifierAndMakesWhatItMadeBefore() throws Exception {
    RulesInForce rules = new RulesInForce();
    rules.startWith(rules.userFile(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), RULES));
    LegacyCallTransformer transformer = new LegacyCallTransformer(rules, new CallSiteRegistry(), new GuardRegistry(),
        BootstrapInstaller.Installation.withoutDispatcher());
    byte[] original = classFile(SHAPES);
    Definer loader = new Definer(getClass().getClassLoader());

    byte[] rewritten = transformer.transform(null, loader, SHAPES.replace('.', '/'), null, null, original);

    assertThat(rewritten).as("rewritten").isNotNull().isNotEqualTo(original);
    // without the agent's linker each site runs its own member: the constructor, the field
    assertThat(run(loader.define(rewritten))).isEqualTo(run(new Definer(getClass().getClassLoader()).define(original)));
  }

  /** What each public static method of the class returns (the class is verified when it links). */
  private static Map<String, Object> run(Class<?> c) throws ReflectiveOperationException {
    Map<String, Object> got = new LinkedHashMap<>();
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        got.put(m.getName(), m.getParameterCount() == 0 ? m.invoke(null) : m.invoke(null, true) + "/"
            + m.invoke(null, false));
      }
    }
    return got;
  }

  /** A fresh loader that defines one class, so the original and the rewritten one never clash. */
  private static final class Definer extends ClassLoader {
    Definer(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(byte[] bytes) {
      return defineClass(null, bytes, 0, bytes.length);
    }
  }
}
