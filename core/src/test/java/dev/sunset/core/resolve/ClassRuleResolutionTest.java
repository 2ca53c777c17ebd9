package dev.sunset.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A class rule resolves to its class and to every member code outside the class can use, and to nothing else. */
class ClassRuleResolutionTest {
  private static final String FIX = "dev.sunset.core.fixtures.classes.";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  private Resolution resolve(String legacy) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n  - id: r\n    legacy: " + legacy + "\n");
    assertThat(read.problems()).isEmpty();
    return RuleResolver.resolve(read.rules().get(0), hierarchy);
  }

  @Test
  void theClassComesFirstThenItsConstructorsMethodsAndFieldsButNoPrivateOneThenItsMemberClassesAlike() {
    Resolution r = resolve(FIX + "OldRegistry");

    assertThat(r).isInstanceOf(Resolution.Resolved.class);
    assertThat(((Resolution.Resolved) r).members()).extracting(m -> m.legacy().kind() + " " + m.legacy().forPeople())
        .containsExactly("CLASS <class>", "CONSTRUCTOR <init>()", "CONSTRUCTOR <init>(java.lang.String)",
            "METHOD describe()", "METHOD open(java.lang.String)", "FIELD name", "FIELD opened",
            "CLASS Entry.<class>", "CONSTRUCTOR Entry.<init>()", "METHOD Entry.label()");
    assertThat(((Resolution.Resolved) r).members()).allMatch(ResolvedRule::isClassRule)
        .allMatch(m -> m.legacy().owner().startsWith("dev/sunset/core/fixtures/classes/OldRegistry"));
  }

  @Test
  void aClassRuleForAClassNowhereDoesNotResolve() {
    assertThat(resolve("com.acme.gone.Factory")).isEqualTo(new Resolution.OwnerMissing("com.acme.gone.Factory"));
  }

  @Test
  void everyMemberKeyNamesItsMemberBackForPeople() {
    Resolution.Resolved r = (Resolution.Resolved) resolve(FIX + "OldRegistry");

    for (ResolvedRule m : r.members()) {
      assertThat(LegacyMember.forPeople(m.legacy().key())).isEqualTo(m.legacy().forPeople());
      assertThat(m.legacy().hasKey(m.legacy().key())).isTrue();
    }
    assertThat(r.members()).extracting(m -> m.legacy().key()).doesNotHaveDuplicates();
  }
}
