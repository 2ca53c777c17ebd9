package dev.sunset.core.match;

import static dev.sunset.core.match.ClassRuleMatchTest.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.match.ClassRuleMatchTest.Found;
import dev.sunset.core.fixtures.pkg.PackageUser;
import dev.sunset.core.fixtures.pkg.legacy.Factory;
import dev.sunset.core.fixtures.pkg.legacy.Widget;
import dev.sunset.core.fixtures.pkg.legacy.sub.Deep;
import dev.sunset.core.format.Use;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A package rule's sites, as the agent (classes resolved one by one as they are met) and the scanner (the package's
 * classes listed and resolved first) both find them: every use of any class of exactly that package from outside it,
 * each with its member named with its class; none between the package's own classes; none of a sub-package's classes;
 * and a class rule or method rule takes what it names from the package rule.
 */
class PackageRuleMatchTest {
  private static final String PKG = "dev.sunset.core.fixtures.pkg.legacy";
  private static final String PKG_PATH = "dev/sunset/core/fixtures/pkg/legacy";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  private static List<RuleSpec> read(String rulesYaml) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty())
        .read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n" + rulesYaml);
    assertThat(read.problems()).isEmpty();
    return read.rules();
  }

  /** As the agent does: member and class rules resolved first, the package rule's classes as they are met. */
  private LegacyCallMatcher lazy(String rulesYaml, List<String> found) {
    List<ResolvedRule> members = new ArrayList<>();
    List<RuleSpec> packages = new ArrayList<>();
    for (RuleSpec spec : read(rulesYaml)) {
      if (spec.legacy().isPackage()) {
        packages.add(spec);
      } else {
        members.addAll(((Resolution.Resolved) RuleResolver.resolve(spec, hierarchy)).members());
      }
    }
    return new LegacyCallMatcher(members, packages, hierarchy, new LegacyCallMatcher.PackageListener() {
      @Override
      public void classFound(RuleSpec rule, String internalName, String location) {
        found.add(internalName.substring(internalName.lastIndexOf('/') + 1));
      }

      @Override
      public void limitReached(RuleSpec rule, String internalName, int limit) {
        found.add("limit " + internalName);
      }
    });
  }

  /** As a scan does: the package's classes, as its jars list them, resolved before any class is matched. */
  private LegacyCallMatcher eager(String rulesYaml) {
    List<ResolvedRule> members = new ArrayList<>();
    List<RuleSpec> packages = new ArrayList<>();
    for (RuleSpec spec : read(rulesYaml)) {
      Resolution r = spec.legacy().isPackage()
          ? RuleResolver.resolvePackage(spec, hierarchy, List.of(PKG_PATH + "/Factory", PKG_PATH + "/Factory$Builder",
              PKG_PATH + "/Widget", PKG_PATH + "/Listener", PKG_PATH + "/sub/Deep"))
          : RuleResolver.resolve(spec, hierarchy);
      members.addAll(((Resolution.Resolved) r).members());
      if (spec.legacy().isPackage()) {
        packages.add(spec);
      }
    }
    return new LegacyCallMatcher(members, packages, hierarchy, LegacyCallMatcher.PackageListener.NONE);
  }

  private static final String PACKAGE_RULE = "  - id: legacy-pkg\n    legacy: " + PKG + ".*\n";

  private static byte[] bytes(Class<?> c) throws IOException {
    try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static final List<Found> EVERY_RUNNING_USE = List.of(
      new Found("legacy-pkg", Use.NEW, "Factory.<init>()", "everyRunningUse", 24, "Factory"),
      new Found("legacy-pkg", Use.CALL, "Factory.create(java.lang.String)", "everyRunningUse", 25, "Factory"),
      new Found("legacy-pkg", Use.FIELD_WRITE, "Factory.name", "everyRunningUse", 26, "Factory"),
      new Found("legacy-pkg", Use.FIELD_READ, "Factory.name", "everyRunningUse", 27, "Factory"),
      new Found("legacy-pkg", Use.FIELD_READ, "Factory.made", "everyRunningUse", 28, "Factory"),
      new Found("legacy-pkg", Use.NEW, "Widget.<init>()", "everyRunningUse", 29, "Widget"),
      new Found("legacy-pkg", Use.CALL, "Widget.run()", "everyRunningUse", 29, "Widget"),
      new Found("legacy-pkg", Use.CLASS_LOOKUP, "Widget.<class>", "everyRunningUse", 30, "Widget"),
      new Found("legacy-pkg", Use.CALL, "Factory.describe()", "everyRunningUse", 31, "PackageUser$MyFactory"),
      new Found("legacy-pkg", Use.NEW, "Factory$Builder.<init>()", "everyRunningUse", 32, "Factory$Builder"),
      new Found("legacy-pkg", Use.CALL, "Factory$Builder.build()", "everyRunningUse", 32, "Factory$Builder"));

  @Test
  void everyUseOfAnyClassOfThePackageIsASiteNamingItsClassAndMemberAsTheAgentResolvesThemOneByOne()
      throws IOException {
    List<String> resolved = new ArrayList<>();
    LegacyCallMatcher matcher = lazy(PACKAGE_RULE, resolved);

    List<Found> found = scan(matcher, PackageUser.class);

    assertThat(found).filteredOn(f -> f.method().equals("everyRunningUse")).containsExactlyElementsOf(EVERY_RUNNING_USE);
    assertThat(found).filteredOn(f -> f.method().equals("typeOnly")).containsExactly(
        new Found("legacy-pkg", Use.TYPE_REFERENCE, "Widget.<class>", "typeOnly", 0, "Widget"),
        new Found("legacy-pkg", Use.TYPE_REFERENCE, "Widget.<class>", "typeOnly", 38, "Widget"));
    // resolved as met, each once; the sub-package's class never
    assertThat(resolved).doesNotHaveDuplicates().contains("Factory", "Widget", "Factory$Builder")
        .doesNotContain("Deep", "Listener");
  }

  @Test
  void aScanThatResolvedThePackageFirstFindsTheSameSites() throws IOException {
    List<Found> lazily = scan(lazy(PACKAGE_RULE, new ArrayList<>()), PackageUser.class);

    assertThat(scan(eager(PACKAGE_RULE), PackageUser.class)).isEqualTo(lazily);
    assertThat(scan(eager(PACKAGE_RULE), Deep.class))
        .isEqualTo(scan(lazy(PACKAGE_RULE, new ArrayList<>()), Deep.class));
  }

  @Test
  void subclassesAndImplementationsAreOneSiteEachInTheirStaticInitialiser() throws Exception {
    LegacyCallMatcher matcher = lazy(PACKAGE_RULE, new ArrayList<>());

    assertThat(scan(matcher, Class.forName(PackageUser.class.getName() + "$MyFactory"))).containsExactly(
        new Found("legacy-pkg", Use.SUBCLASS, "Factory.<class>", "<clinit>", 0, "Factory"));
    assertThat(scan(matcher, Class.forName(PackageUser.class.getName() + "$MyListener"))).containsExactly(
        new Found("legacy-pkg", Use.SUBCLASS, "Listener.<class>", "<clinit>", 0, "Listener"));
  }

  @Test
  void thePackagesClassesUseEachOtherWithoutSitesButASubPackagesClassIsNotThePackages() throws IOException {
    LegacyCallMatcher matcher = lazy(PACKAGE_RULE, new ArrayList<>());

    assertThat(scan(matcher, Factory.class)).isEmpty();
    assertThat(scan(matcher, Factory.Builder.class)).isEmpty();
    assertThat(scan(matcher, Widget.class)).isEmpty();
    assertThat(scan(matcher, Deep.class)).containsExactly(
        new Found("legacy-pkg", Use.NEW, "Widget.<init>()", "call", 10, "Widget"),
        new Found("legacy-pkg", Use.FIELD_READ, "Widget.size", "call", 10, "Widget"));
    assertThat(scan(matcher, PackageUser.class)).noneMatch(f -> f.member().startsWith("Deep."));
  }

  @Test
  void aMethodRuleAndAClassRuleTakeTheirMemberAndClassFromThePackageRuleWhicheverComesFirst() throws IOException {
    String narrower = "  - id: create-only\n    legacy: " + PKG + ".Factory#create(java.lang.String)\n"
        + "  - id: widget\n    legacy: " + PKG + ".Widget\n";
    for (String rules : List.of(PACKAGE_RULE + narrower, narrower + PACKAGE_RULE)) {
      List<Found> found = scan(lazy(rules, new ArrayList<>()), PackageUser.class);

      assertThat(found).filteredOn(f -> f.line() == 25).extracting(Found::rule).containsExactly("create-only");
      assertThat(found).filteredOn(f -> f.line() == 29 || f.line() == 30 || f.line() == 38).extracting(Found::rule)
          .containsOnly("widget");
      assertThat(found).filteredOn(f -> f.rule().equals("widget")).extracting(Found::member)
          .contains("<init>()", "run()", "<class>"); // a class rule's members, named as a class rule names them
      assertThat(found).filteredOn(f -> f.line() == 24 || f.line() == 26 || f.line() == 31 || f.line() == 32)
          .extracting(Found::rule).containsOnly("legacy-pkg");
      assertThat(scan(eager(rules), PackageUser.class)).isEqualTo(found);
      // the class rule's library side is its class alone: the package's Factory building a Widget uses it
      assertThat(scan(lazy(rules, new ArrayList<>()), Factory.class)).extracting(Found::rule, Found::member)
          .containsExactly(tuple("widget", "<init>()"), tuple("widget", "run()"));
    }
  }

  @Test
  void theCheckBeforeParsingSeesAClassThatNamesThePackagesClassesOnlyInASignature() throws IOException {
    LegacyCallMatcher matcher = lazy(PACKAGE_RULE, new ArrayList<>());
    byte[] signatureOnly = classNaming("p/SignatureOnly", "(L" + PKG_PATH + "/Widget;)V");
    byte[] subPackageOnly = classNaming("p/SubPackageOnly", "(L" + PKG_PATH + "/sub/Deep;)V");

    assertThat(matcher.mayCall(new ClassReader(bytes(PackageUser.class)))).isTrue();
    assertThat(matcher.mayCall(new ClassReader(signatureOnly))).isTrue();
    assertThat(matcher.mayCall(new ClassReader(subPackageOnly))).isFalse();
    assertThat(matcher.mayCall(new ClassReader(bytes(Factory.class)))).isFalse(); // its own package: library side
    assertThat(scan(matcher, signatureOnly)).containsExactly(
        new Found("legacy-pkg", Use.TYPE_REFERENCE, "Widget.<class>", "m", 0, "Widget"));
    assertThat(matcher.packages()).containsExactly(PKG_PATH);
    assertThat(matcher.scanNames()).noneMatch(n -> n.startsWith(PKG) || n.startsWith(PKG_PATH));
  }

  /** A class that declares one abstract-free static method {@code m} of this descriptor, empty. */
  private static byte[] classNaming(String name, String descriptor) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", descriptor, null, null);
    mv.visitCode();
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  @Test
  void aPackageRuleCoversAtMostItsLimitOfClassesAndSaysOnceWhenItReachesIt() {
    int limit = RuleResolver.MAX_CLASSES_PER_PACKAGE;
    Map<String, byte[]> classes = new HashMap<>();
    for (int i = 0; i <= limit + 1; i++) {
      classes.put("big/C" + i, classNaming("big/C" + i, "()V"));
    }
    ClassHierarchy big = new ClassHierarchy(n -> Optional.ofNullable(classes.get(n))
        .map(b -> new ClassFileLocator.ClassFile(b, "big.jar")));
    List<String> said = new ArrayList<>();
    LegacyCallMatcher matcher = new LegacyCallMatcher(List.of(), read("  - id: big\n    legacy: big.*\n"), big,
        new LegacyCallMatcher.PackageListener() {
          @Override
          public void classFound(RuleSpec rule, String internalName, String location) {}

          @Override
          public void limitReached(RuleSpec rule, String internalName, int max) {
            said.add(rule.id() + " " + internalName + " " + max);
          }
        });

    for (int i = 0; i < limit; i++) {
      assertThat(matcher.matchType("app/User", "big/C" + i, Use.TYPE_REFERENCE)).as("C" + i).isPresent();
    }
    assertThat(matcher.matchType("app/User", "big/C" + limit, Use.TYPE_REFERENCE)).isEmpty();
    assertThat(matcher.matchType("app/User", "big/C" + (limit + 1), Use.TYPE_REFERENCE)).isEmpty();
    assertThat(matcher.matchType("app/User", "big/C0", Use.TYPE_REFERENCE)).isPresent();
    assertThat(said).containsExactly("big big/C" + limit + " " + limit);
  }
}
