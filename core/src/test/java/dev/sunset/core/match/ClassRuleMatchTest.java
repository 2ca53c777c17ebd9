package dev.sunset.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ConstantPoolScan;
import dev.sunset.core.fixtures.classes.AdapterCaller;
import dev.sunset.core.fixtures.classes.ClassUser;
import dev.sunset.core.fixtures.classes.ListenerFamily;
import dev.sunset.core.fixtures.classes.Marked;
import dev.sunset.core.fixtures.classes.OldRegistry;
import dev.sunset.core.fixtures.classes.OldRegistryAdapters;
import dev.sunset.core.format.Use;
import dev.sunset.core.resolve.LegacyMember;
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

/**
 * A class rule's sites, as the scanner and the agent both find them through {@link LegacyCallVisitor}: every use of
 * the class from outside it, each once, with its use, member, method and line; none from the class or its nest.
 */
class ClassRuleMatchTest {
  private static final String FIX = "dev.sunset.core.fixtures.classes.";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  /** A site found: which rule, how used, which member, where, and through which named class. */
  record Found(String rule, Use use, String member, String method, int line, String calledOwner) {}

  private LegacyCallMatcher matcher(String rulesYaml) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty())
        .read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n" + rulesYaml);
    assertThat(read.problems()).isEmpty();
    List<ResolvedRule> members = new ArrayList<>();
    for (RuleSpec spec : read.rules()) {
      members.addAll(((Resolution.Resolved) RuleResolver.resolve(spec, hierarchy)).members());
    }
    return new LegacyCallMatcher(members, hierarchy);
  }

  private static final String CLASS_RULES = "  - id: registry\n    legacy: " + FIX + "OldRegistry\n"
      + "  - id: listener\n    legacy: " + FIX + "OldListener\n    stage: deny\n";

  static List<Found> scan(LegacyCallMatcher matcher, Class<?> c) throws IOException {
    try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return scan(matcher, in.readAllBytes());
    }
  }

  /** The sites of a class file, each with its member as reports name it (a package rule's with its class first). */
  static List<Found> scan(LegacyCallMatcher matcher, byte[] bytes) {
    List<Found> found = new ArrayList<>();
    new ClassReader(bytes).accept(new LegacyCallVisitor(null, matcher) {
      @Override
      protected boolean visitLegacyCall(MethodVisitor next, CallContext where, CallMatch match, int opcode,
          String owner, String name, String descriptor, boolean isInterface) {
        add(where, match);
        return false;
      }

      @Override
      protected Object[] visitLegacyReference(CallContext where, CallMatch match, Handle implementation,
          boolean serializable, Object[] bootstrapArguments) {
        add(where, match);
        return bootstrapArguments;
      }

      @Override
      protected void visitLegacyUse(MethodVisitor next, CallContext where, CallMatch match) {
        add(where, match);
      }

      @Override
      protected void visitTypeReference(CallContext where, CallMatch match) {
        add(where, match);
      }

      private void add(CallContext where, CallMatch match) {
        found.add(new Found(match.rule().id(), match.use(), match.rule().memberForPeople(), where.methodName(),
            where.line(), match.calledOwner().substring(match.calledOwner().lastIndexOf('/') + 1)));
      }
    }, 0);
    return found;
  }

  @Test
  void everyUseThatRunsIsASiteWithItsMemberAndLine() throws IOException {
    List<Found> found = scan(matcher(CLASS_RULES), ClassUser.class);

    assertThat(found).filteredOn(f -> f.method().equals("everyRunningUse")).containsExactly(
        new Found("registry", Use.NEW, "<init>()", "everyRunningUse", 23, "OldRegistry"),
        new Found("registry", Use.CALL, "open(java.lang.String)", "everyRunningUse", 24, "OldRegistry"),
        new Found("registry", Use.FIELD_WRITE, "name", "everyRunningUse", 25, "OldRegistry"),
        new Found("registry", Use.FIELD_READ, "name", "everyRunningUse", 26, "OldRegistry"),
        new Found("registry", Use.FIELD_READ, "opened", "everyRunningUse", 27, "OldRegistry"),
        new Found("registry", Use.FIELD_WRITE, "opened", "everyRunningUse", 28, "OldRegistry"),
        new Found("registry", Use.CLASS_LOOKUP, "<class>", "everyRunningUse", 29, "OldRegistry"),
        new Found("registry", Use.CALL, "describe()", "everyRunningUse", 30, "ClassUser$Special"),
        new Found("registry", Use.FIELD_READ, "name", "everyRunningUse", 31, "ClassUser$Special"),
        new Found("registry", Use.CALL, "describe()", "everyRunningUse", 32, "OldRegistry"));
  }

  @Test
  void aUseOfAMemberClassIsAUseOfTheClassRuleNamingTheMemberClass() throws IOException {
    List<Found> found = scan(matcher(CLASS_RULES), ClassUser.class);

    assertThat(found).filteredOn(f -> f.method().equals("nestedUse")).containsExactly(
        new Found("registry", Use.NEW, "Entry.<init>()", "nestedUse", 47, "OldRegistry$Entry"));
  }

  @Test
  void typeReferencesAreListedWhereTheyAreWritten() throws IOException {
    List<Found> found = scan(matcher(CLASS_RULES), ClassUser.class);

    assertThat(found).filteredOn(f -> f.method().equals("typeReferences")).containsExactly(
        new Found("listener", Use.TYPE_REFERENCE, "<class>", "typeReferences", 0, "OldListener"),
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "typeReferences", 36, "OldRegistry"),
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "typeReferences", 37, "OldRegistry"),
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "typeReferences", 39, "OldRegistry"));
    assertThat(found).noneMatch(f -> f.method().equals("bystander"));
  }

  @Test
  void aSubclassIsOneSiteInItsStaticInitialiserAndItsSuperCallIsNone() throws IOException {
    LegacyCallMatcher matcher = matcher(CLASS_RULES);

    assertThat(scan(matcher, ClassUser.Special.class)).containsExactly(
        new Found("registry", Use.SUBCLASS, "<class>", "<clinit>", 0, "OldRegistry"));
    assertThat(scan(matcher, ClassUser.Listener.class)).containsExactly(
        new Found("listener", Use.SUBCLASS, "<class>", "<clinit>", 0, "OldListener"));
  }

  @Test
  void anInterfaceExtendingTheTypeIsATypeReferenceAndAGenericSubclassIsOneSite() throws IOException {
    LegacyCallMatcher matcher = matcher(CLASS_RULES);

    assertThat(scan(matcher, ListenerFamily.Louder.class)).containsExactly(
        new Found("listener", Use.TYPE_REFERENCE, "<class>", "<clinit>", 0, "OldListener"));
    assertThat(scan(matcher, ListenerFamily.Loud.class)).isEmpty();
    assertThat(scan(matcher, ListenerFamily.Registries.class)).containsExactly(
        new Found("registry", Use.SUBCLASS, "<class>", "<clinit>", 0, "OldRegistry"));
  }

  @Test
  void anAnnotationOfTheTypeIsATypeReferenceWhereverItIsWritten() throws IOException {
    LegacyCallMatcher matcher = matcher("  - id: mark\n    legacy: " + FIX + "OldMark\n");

    assertThat(scan(matcher, Marked.class)).containsExactlyInAnyOrder(
        new Found("mark", Use.TYPE_REFERENCE, "<class>", "<clinit>", 0, "OldMark"),
        new Found("mark", Use.TYPE_REFERENCE, "<class>", "field", 0, "OldMark"),
        new Found("mark", Use.TYPE_REFERENCE, "<class>", "method", 0, "OldMark"),
        new Found("mark", Use.TYPE_REFERENCE, "<class>", "method", 0, "OldMark"));
  }

  @Test
  void aKeyNamesItsMemberBackForPeopleWhateverCharactersTheClassFileAllowsInTheName() {
    for (String name : List.of("size", "f(x)", "f:x", "(", "a(I)V", "count\nall 0 are in baseline.json")) {
      assertThat(LegacyMember.forPeople(new LegacyMember("a/B", name, "[Ljava/lang/String;", 0, 0,
          LegacyMember.Kind.FIELD).key())).isEqualTo(name);
      assertThat(LegacyMember.forPeople(LegacyMember.method("a/B", name, "(I)V", 0, 0).key()))
          .isEqualTo(name + "(int)");
    }
    assertThat(LegacyMember.forPeople(new LegacyMember("a/B$C", "", "", 0, 0, LegacyMember.Kind.CLASS).key()))
        .isEqualTo("C.<class>");
  }

  @Test
  void theClassAndItsNestedClassesUseItWithoutSites() throws IOException {
    LegacyCallMatcher matcher = matcher(CLASS_RULES);

    assertThat(scan(matcher, OldRegistry.class)).isEmpty();
    assertThat(scan(matcher, OldRegistry.Entry.class)).isEmpty();
  }

  @Test
  void theAdapterClassOfAClassRuleUsesTheClassWithoutSitesLikeTheClassItself() throws IOException {
    String redirected = "  - id: registry\n    legacy: " + FIX + "OldRegistry\n    replacement: " + FIX
        + "OldRegistryAdapters\n    members: {name: {get: nameOf}}\n";

    assertThat(scan(matcher(CLASS_RULES), OldRegistryAdapters.class)).as("an adapter no rule names")
        .extracting(Found::use).contains(Use.NEW, Use.FIELD_READ);
    assertThat(scan(matcher(redirected), OldRegistryAdapters.class)).isEmpty();
    assertThat(scan(matcher(redirected), ClassUser.class)).filteredOn(f -> f.method().equals("everyRunningUse"))
        .hasSize(10);
  }

  @Test
  void aCallerThatNamesTheClassOnlyInWhatItCallsHasATypeReferenceAtEachSuchInstruction() throws IOException {
    // deleting OldRegistry breaks AdapterCaller when these instructions link, though no class entry names it
    assertThat(scan(matcher(CLASS_RULES), AdapterCaller.class)).containsExactly(
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "everyLinkedUse", 15, "OldRegistry"),
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "everyLinkedUse", 15, "OldRegistry"),
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "everyLinkedUse", 16, "OldRegistry"),
        new Found("registry", Use.TYPE_REFERENCE, "<class>", "everyLinkedUse", 17, "OldRegistry"));
    try (InputStream in = getClass().getResourceAsStream("/" + AdapterCaller.class.getName().replace('.', '/')
        + ".class")) {
      byte[] bytes = in.readAllBytes();
      assertThat(new ConstantPoolScan(List.of(), List.of(FIX.replace('.', '/') + "OldRegistry"), List.of())
          .mentionsAny(bytes)).as("the scan's check before parsing").isTrue();
    }
  }

  @Test
  void anInstructionThatUsesAMemberOfTheClassIsNoSecondReferenceToIt() throws IOException {
    // OldRegistry.open(String) returns an OldRegistry: one call site, no type reference beside it
    assertThat(scan(matcher(CLASS_RULES), ClassUser.class)).filteredOn(f -> f.line() == 24)
        .extracting(Found::use).containsExactly(Use.CALL);
  }

  @Test
  void aMethodRuleOverridesItsClassRuleForThatMethodOnly() throws IOException {
    String rules = "  - id: open-only\n    legacy: " + FIX + "OldRegistry#open(java.lang.String)\n" + CLASS_RULES;

    List<Found> found = scan(matcher(rules), ClassUser.class);

    assertThat(found).filteredOn(f -> f.line() == 24).extracting(Found::rule).containsExactly("open-only");
    assertThat(found).filteredOn(f -> f.line() == 23 || f.line() == 32).extracting(Found::rule)
        .containsOnly("registry");
  }

  @Test
  void theClassFileCheckBeforeParsingSeesEveryKindOfUse() throws IOException {
    LegacyCallMatcher matcher = matcher(CLASS_RULES);

    for (Class<?> c : List.of(ClassUser.class, ClassUser.Special.class, ClassUser.Listener.class)) {
      try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
        assertThat(matcher.mayCall(new ClassReader(in.readAllBytes()))).as(c.getName()).isTrue();
      }
    }
    try (InputStream in = getClass().getResourceAsStream("/" + OldRegistry.class.getName().replace('.', '/') + ".class")) {
      assertThat(matcher.mayCall(new ClassReader(in.readAllBytes()))).isFalse();
    }
    assertThat(matcher.scanNames()).contains("dev/sunset/core/fixtures/classes/OldRegistry",
        "dev.sunset.core.fixtures.classes.OldRegistry", "describe", "name", "opened");
  }
}
