package dev.sunset.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleResolverTest {
  private static final String FIX = "dev.sunset.core.fixtures.";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  private static RuleSpec rule(String legacy, String replacement, String stage) {
    RulesReader.Result r = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n  - id: r\n    legacy: " + legacy
            + "\n" + (replacement == null ? "" : "    replacement: " + replacement + "\n") + "    stage: " + stage + "\n");
    assertThat(r.problems()).isEmpty();
    return r.rules().get(0);
  }

  private Resolution resolve(String legacy, String replacement) {
    return RuleResolver.resolve(rule(legacy, replacement, replacement == null ? "observe" : "redirect"), hierarchy);
  }

  @Test
  void resolvesDescriptorsStaticnessAndTheReceiverForm() {
    Resolution r = resolve(FIX + "Legacy#describe(java.lang.String)", FIX + "Modern#describe(" + FIX + "Legacy, java.lang.String)");

    assertThat(r).isInstanceOfSatisfying(Resolution.Resolved.class, ok -> {
      assertThat(ok.rule().legacy().descriptor()).isEqualTo("(Ljava/lang/String;)Ljava/lang/String;");
      assertThat(ok.rule().legacy().isStatic()).isFalse();
      assertThat(ok.rule().legacy().isOverridable()).isTrue();
      assertThat(ok.rule().replacement().takesReceiver()).isTrue();
      assertThat(ok.rule().legacyLocation()).endsWith("/test-classes/");
    });
    assertThat(resolve(FIX + "Legacy#create(java.lang.String)", null)).isInstanceOfSatisfying(Resolution.Resolved.class,
        ok -> assertThat(ok.rule().legacy().isStatic()).isTrue());
  }

  @Test
  void aLegacyClassThatIsNotThereIsMissingNotRefused() {
    assertThat(resolve("com.nowhere.Gone#create(java.lang.String)", null)).isEqualTo(
        new Resolution.OwnerMissing("com.nowhere.Gone"));
  }

  @Test
  void eachMismatchIsRefusedWithWhatIsWrong() {
    assertThat(message(resolve(FIX + "Legacy#vanish(int)", null))).isEqualTo(
        "legacy method vanish(int) does not exist in dev.sunset.core.fixtures.Legacy");
    assertThat(message(resolve(FIX + "Legacy#now(int)", "com.nowhere.New#now(int)")))
        .isEqualTo("replacement class com.nowhere.New does not exist");
    assertThat(message(resolve(FIX + "Legacy#now(int)", FIX + "Modern#instanceMethod(int)"))).contains("must be static");
    assertThat(message(resolve(FIX + "Legacy#now(int)", FIX + "Modern#hidden(int)"))).contains("must be public");
    assertThat(message(resolve(FIX + "Legacy#now(int)", FIX + "Modern#wrongReturn(int)")))
        .contains("returns long, which is not assignable to the legacy return type int");
    assertThat(message(resolve(FIX + "Legacy#create(java.lang.String)", FIX + "Modern#describe(" + FIX
        + "Legacy, java.lang.String)"))).contains("the legacy method is static");
    assertThat(message(resolve(FIX + "Special#create(java.lang.String)", null))).contains("is declared in "
        + FIX + "Legacy");
  }

  @Test
  void aParameterTypeWithoutItsPackageIsAnsweredWithTheMethodItMostLikelyMeant() {
    assertThat(message(resolve(FIX + "Legacy#describe(java.lang.String)", FIX + "Modern#describe(Legacy, "
        + "java.lang.String)"))).isEqualTo("replacement method describe(Legacy, java.lang.String) does not exist in "
        + FIX + "Modern; did you mean describe(" + FIX + "Legacy, java.lang.String)? (parameter types are written in "
        + "full, with their package)");
    assertThat(message(resolve(FIX + "Legacy#now(long)", null))).isEqualTo("legacy method now(long) does not exist in "
        + FIX + "Legacy; it has now(int)");
  }

  @Test
  void aVoidLegacyMethodMayBeReplacedByOneThatReturnsAValue() {
    assertThat(resolve(FIX + "Legacy#ping()", FIX + "Modern#pingReturningValue()"))
        .isInstanceOf(Resolution.Resolved.class);
  }

  private static String message(Resolution r) {
    assertThat(r).isInstanceOf(Resolution.Refused.class);
    return ((Resolution.Refused) r).message();
  }
}
