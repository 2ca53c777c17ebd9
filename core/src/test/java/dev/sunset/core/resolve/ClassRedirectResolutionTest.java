package dev.sunset.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.format.Use;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A class rule with an adapter class resolves each member of its class to its counterparts there (the default names,
 * or those {@code members:} gives), names the members without one, and is refused, in one line, when the adapter does
 * not fit.
 */
class ClassRedirectResolutionTest {
  private static final String FIX = "dev.sunset.core.fixtures.classes.";
  private static final String ADAPTERS = "dev/sunset/core/fixtures/classes/OldRegistryAdapters";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  private Resolution resolve(String adapter, String... extra) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n  - id: r\n    legacy: " + FIX
            + "OldRegistry\n    replacement: " + adapter + "\n    stage: redirect\n" + String.join("", extra));
    assertThat(read.problems()).isEmpty();
    return RuleResolver.resolve(read.rules().get(0), hierarchy);
  }

  private static ResolvedRule member(Resolution r, String forPeople) {
    return ((Resolution.Resolved) r).members().stream().filter(m -> m.legacy().forPeople().equals(forPeople))
        .findFirst().orElseThrow();
  }

  private static String shown(ReplacementMethod m) {
    return m == null ? "none" : m.name() + m.descriptor() + (m.takesReceiver() ? " receiver first" : "");
  }

  @Test
  void eachMemberFindsItsCounterpartUnderItsDefaultNameOrTheOneMembersGives() {
    Resolution r = resolve(FIX + "OldRegistryAdapters", "    members:\n      name: {get: nameOf}\n");

    assertThat(r).isInstanceOf(Resolution.Resolved.class);
    assertThat(shown(member(r, "<init>(java.lang.String)").replacement()))
        .isEqualTo("newOldRegistry(Ljava/lang/String;)Ldev/sunset/core/fixtures/classes/OldRegistry;");
    assertThat(shown(member(r, "describe()").replacement()))
        .isEqualTo("describe(Ldev/sunset/core/fixtures/classes/OldRegistry;)Ljava/lang/String; receiver first");
    assertThat(shown(member(r, "name").replacement()))
        .isEqualTo("nameOf(Ldev/sunset/core/fixtures/classes/OldRegistry;)Ljava/lang/String; receiver first");
    assertThat(shown(member(r, "opened").replacement())).isEqualTo("getOpened()I");
    assertThat(shown(member(r, "opened").setter())).isEqualTo("setOpened(I)I");
    assertThat(member(r, "describe()").replacement().owner()).isEqualTo(ADAPTERS);
    // what each use runs at redirect
    assertThat(member(r, "opened").replacementFor(Use.FIELD_WRITE)).isEqualTo(member(r, "opened").setter());
    assertThat(member(r, "name").redirects(Use.FIELD_READ)).isTrue();
    assertThat(member(r, "name").redirects(Use.FIELD_WRITE)).isFalse();
    assertThat(member(r, "<class>").redirects(Use.SUBCLASS)).isFalse();
  }

  @Test
  void theMembersWithoutACounterpartAreNamedOnceEachAndTheMemberClassesNeverHaveOne() {
    Resolution.Resolved r = (Resolution.Resolved) resolve(FIX + "OldRegistryAdapters",
        "    members:\n      name: {get: nameOf}\n");

    // open(int) in the adapter is an overload for something else, not open(java.lang.String)'s counterpart
    assertThat(r.withoutCounterpart()).containsExactly("<init>()", "open(java.lang.String)", "name (set)");
    assertThat(r.members()).filteredOn(m -> m.legacy().forPeople().startsWith("Entry."))
        .isNotEmpty().allMatch(m -> m.replacement() == null && m.setter() == null);
  }

  @Test
  void aClassRuleWithoutAnAdapterHasNoCounterpartsAndNamesNoneMissing() {
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n  - id: r\n    legacy: " + FIX
            + "OldRegistry\n");
    Resolution.Resolved r = (Resolution.Resolved) RuleResolver.resolve(read.rules().get(0), hierarchy);

    assertThat(r.members()).allMatch(m -> m.replacement() == null && m.setter() == null);
    assertThat(r.withoutCounterpart()).isEmpty();
  }

  @Test
  void anAdapterThatDoesNotFitRefusesTheRuleInOneLineSayingWhy() {
    List<String> refused = List.of(
        message(resolve("com.acme.gone.Adapters")),
        message(resolve(FIX + "BadAdapters$Hidden")),
        message(resolve(FIX + "BadAdapters$Staticless")),
        message(resolve(FIX + "BadAdapters$Widening")),
        message(resolve(FIX + "OldRegistryAdapters", "    members:\n      \"close()\": shut\n")),
        message(resolve(FIX + "OldRegistryAdapters", "    members:\n      \"open(java.lang.String)\": openNamed\n")),
        message(resolve(FIX + "OldRegistryAdapters", "    members:\n      opened: {set: store}\n")));

    assertThat(refused).allMatch(m -> !m.contains("\n")).satisfiesExactly(
        m -> assertThat(m).isEqualTo("adapter class com.acme.gone.Adapters does not exist"),
        m -> assertThat(m).isEqualTo("adapter class " + FIX + "BadAdapters$Hidden must be public, so that every caller"
            + " can reach its methods"),
        m -> assertThat(m).isEqualTo("adapter method describe(" + FIX + "OldRegistry) in " + FIX
            + "BadAdapters$Staticless (for method describe()) must be public and static"),
        m -> assertThat(m).isEqualTo("adapter method getOpened() in " + FIX + "BadAdapters$Widening (for field"
            + " opened) returns long, which is not assignable to int"),
        m -> assertThat(m).isEqualTo("members names close(), which " + FIX + "OldRegistry does not declare (or code"
            + " outside it cannot use)"),
        m -> assertThat(m).isEqualTo("members maps method open(java.lang.String) to adapter method"
            + " openNamed(java.lang.String), which " + FIX + "OldRegistryAdapters does not declare"),
        m -> assertThat(m).isEqualTo("members maps field opened to adapter method store(int), which " + FIX
            + "OldRegistryAdapters does not declare"));
  }

  private static String message(Resolution r) {
    assertThat(r).isInstanceOf(Resolution.Refused.class);
    return ((Resolution.Refused) r).message();
  }
}
