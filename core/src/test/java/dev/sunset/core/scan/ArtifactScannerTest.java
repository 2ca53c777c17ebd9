package dev.sunset.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.format.Formats;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Use;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactScannerTest {
  private static final String CALLER = "dev.sunset.core.fixtures.Caller";
  private static final String USER_RULES = "rules:\n"
      + "  - id: describe\n"
      + "    legacy: dev.sunset.core.fixtures.Legacy#describe(java.lang.String)\n";

  @TempDir
  Path dir;

  private static RulesReader.Result userRules(String yaml) {
    return new RulesReader(RecordedSites::check).read(new RuleSource("rules.yaml", Path.of("."),
        RuleSource.Kind.USER), yaml);
  }

  private static ScanResult scan(RulesReader.Result rules, Path... paths) throws ArtifactException {
    return ArtifactScanner.builder().userRules(rules).build().scan(List.of(paths));
  }

  @Test
  void plainJarsGivenTogetherFormOneClassPathAndShippedRulesApplyBesideTheUsersOwn() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));

    ScanResult result = scan(userRules(USER_RULES), app, lib);

    assertThat(result.sites()).extracting(ScannedSite::rule, ScannedSite::className, ScannedSite::method,
        ScannedSite::line, ScannedSite::codeSource, ScannedSite::calledThrough, ScannedSite::methodReference)
        .containsExactlyInAnyOrder(
            tuple("shipped-create", CALLER, "direct", Artifacts.lineOf("Legacy.create(\"a\")"), app.toString(), null, false),
            tuple("describe", CALLER, "direct", Artifacts.lineOf("legacy.describe"), app.toString(), null, false),
            tuple("describe", CALLER, "throughSubtype", Artifacts.lineOf("s.describe"), app.toString(),
                "dev.sunset.core.fixtures.Special", false),
            tuple("shipped-create", CALLER, "staticThroughSubtype", Artifacts.lineOf("Special.create"), app.toString(),
                "dev.sunset.core.fixtures.Special", false),
            tuple("shipped-create", CALLER, "reference", Artifacts.lineOf("Legacy::create"), app.toString(), null, true));
    assertThat(result.sites()).allSatisfy(s -> assertThat(s.file()).isEqualTo("Caller.java"));
    assertThat(result.rules()).extracting(r -> r.spec().id(), ScannedRule::resolution)
        .containsExactly(tuple("describe", RuleResolution.RESOLVED),
            tuple("shipped-create", RuleResolution.RESOLVED));
    // where each rule resolved, and whether the legacy method is static there (describe is not; create is)
    assertThat(result.rules().get(0).resolvedIn())
        .containsExactly(new ScannedRule.ResolvedIn(ArtifactScanner.CLASS_PATH, lib.toString(), false));
    assertThat(result.rules().get(1).resolvedIn())
        .containsExactly(new ScannedRule.ResolvedIn(ArtifactScanner.CLASS_PATH, lib.toString(), true));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void aClassThatNamesAClassRulesClassOnlyInItsSignaturesIsScannedAndItsTypeReferencesListed() throws Exception {
    String onlyInSignatures = "dev/sunset/core/classfile/ConstantPoolScanTest$OnlyInSignatures";
    Path app = Artifacts.jar().entry(onlyInSignatures + ".class", Artifacts.classFile(onlyInSignatures))
        .writeTo(dir.resolve("app.jar"));
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));

    ScanResult result = scan(userRules("rules:\n  - id: legacy-class\n    legacy: dev.sunset.core.fixtures.Legacy\n"),
        app, lib);

    // its field's type and its method's parameter and return type (a List of it): nothing else names the class
    assertThat(result.sites()).filteredOn(s -> s.className().endsWith("$OnlyInSignatures"))
        .extracting(ScannedSite::rule, ScannedSite::method, ScannedSite::use)
        .containsExactlyInAnyOrder(tuple("legacy-class", "kept", Use.TYPE_REFERENCE),
            tuple("legacy-class", "pass", Use.TYPE_REFERENCE));
  }

  @Test
  void onlyClassesWhoseConstantPoolNamesALegacyClassOrMethodAreParsed() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));

    ScanStats stats = scan(userRules(USER_RULES), app, lib).stats();

    // Caller, the bystander, and the library's Legacy, Special and Modern are read; the library's classes call no
    // legacy method of a rule whose class they are not, the bystander names nothing legacy: only Caller is parsed
    assertThat(stats.classes()).isEqualTo(5);
    assertThat(stats.classesParsed()).isEqualTo(1);
    assertThat(stats.archives()).isEqualTo(2);
    assertThat(stats.scopes()).isEqualTo(1);
  }

  @Test
  void aSpringBootJarIsAScopeOfItsOwnWithItsClassesAndItsNestedLibraries() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("build/legacy-1.0.jar"));
    Path boot = Artifacts.application("BOOT-INF/classes/")
        .entry("BOOT-INF/lib/legacy-1.0.jar", lib)
        .entry("BOOT-INF/classpath.idx", "- \"BOOT-INF/lib/legacy-1.0.jar\"\n")
        .entry("org/springframework/boot/loader/launch/JarLauncher.class", Artifacts.classFile(Artifacts.FIXTURES + "Caller"))
        .stored().writeTo(dir.resolve("app.jar"));

    ScanResult result = scan(null, boot);

    assertThat(result.sites()).extracting(ScannedSite::method, ScannedSite::codeSource).containsExactlyInAnyOrder(
        tuple("direct", boot + "!/BOOT-INF/classes"),
        tuple("staticThroughSubtype", boot + "!/BOOT-INF/classes"),
        tuple("reference", boot + "!/BOOT-INF/classes"));
    assertThat(result.rules()).singleElement().satisfies(r -> {
      assertThat(r.spec().source().label()).isEqualTo(boot + "!/BOOT-INF/lib/legacy-1.0.jar!/" + RuleSource.SHIPPED_RULES);
      assertThat(r.resolvedIn()).containsExactly(
          new ScannedRule.ResolvedIn(boot.toString(), boot + "!/BOOT-INF/lib/legacy-1.0.jar", true));
    });
  }

  @Test
  void twoWarsWithDifferentVersionsOfTheLegacyLibraryAreEachResolvedOnTheirOwn() throws Exception {
    Path current = Artifacts.legacyLibrary(dir.resolve("legacy-1.0.jar"));
    Path older = Artifacts.olderLegacyLibrary(dir, dir.resolve("legacy-0.9.jar"));
    Path a = Artifacts.application("WEB-INF/classes/").entry("WEB-INF/lib/legacy-1.0.jar", current)
        .writeTo(dir.resolve("a.war"));
    Path b = Artifacts.application("WEB-INF/classes/").entry("WEB-INF/lib/legacy-0.9.jar", older)
        .writeTo(dir.resolve("b.war"));

    ScanResult result = scan(userRules(USER_RULES), a, b);

    assertThat(result.sites()).filteredOn(s -> s.rule().equals("describe"))
        .extracting(ScannedSite::codeSource).containsOnly(a + "!/WEB-INF/classes").hasSize(2);
    assertThat(result.sites()).filteredOn(s -> s.rule().equals("shipped-create"))
        .extracting(ScannedSite::codeSource).containsOnly(a + "!/WEB-INF/classes", b + "!/WEB-INF/classes")
        .hasSize(6);
    assertThat(result.rules().get(0).resolvedIn())
        .containsExactly(new ScannedRule.ResolvedIn(a.toString(), a + "!/WEB-INF/lib/legacy-1.0.jar", false));
    assertThat(result.problems()).extracting(Problem::describe).containsExactly(
        "rules.yaml:2: rule 'describe': not applied in " + b
            + ": legacy method describe(java.lang.String) does not exist in dev.sunset.core.fixtures.Legacy");
  }

  @Test
  void aWarWithoutTheLegacyLibraryDoesNotSeeAnotherWarsLibrary() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));
    Path with = Artifacts.application("WEB-INF/classes/").entry("WEB-INF/lib/legacy.jar", lib)
        .writeTo(dir.resolve("with.war"));
    Path without = Artifacts.application("WEB-INF/classes/").writeTo(dir.resolve("without.war"));

    ScanResult result = scan(userRules(USER_RULES), with, without);

    assertThat(result.sites()).extracting(ScannedSite::codeSource).containsOnly(with + "!/WEB-INF/classes");
    assertThat(result.stats().scopes()).isEqualTo(2);
  }

  @Test
  void anExplodedWarAndAClassFolderAreReadLikeTheirArchives() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));
    Path war = Artifacts.application("WEB-INF/classes/").entry("WEB-INF/lib/legacy.jar", lib)
        .writeAsFolder(dir.resolve("exploded"));
    Path classes = Artifacts.application("").writeAsFolder(dir.resolve("classes"));

    ScanResult result = scan(userRules(USER_RULES), war, classes, lib);

    assertThat(result.sites()).extracting(ScannedSite::codeSource).containsOnly(war + "/WEB-INF/classes",
        classes.toString());
    assertThat(result.sites()).hasSize(10);
  }

  @Test
  void aJarNestedInAPlainJarIsOnTheSameClassPath() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("build/legacy.jar"));
    Path fat = Artifacts.application("").entry("lib/legacy.jar", lib).writeTo(dir.resolve("fat.jar"));

    ScanResult result = scan(userRules(USER_RULES), fat);

    assertThat(result.sites()).hasSize(5).extracting(ScannedSite::codeSource).containsOnly(fat.toString());
    assertThat(result.rules().get(0).resolvedIn())
        .containsExactly(new ScannedRule.ResolvedIn(ArtifactScanner.CLASS_PATH, fat + "!/lib/legacy.jar", false));
  }

  @Test
  void aBrokenClassFileIsSkippedWithItsReasonAndTheOthersAreScanned() throws Exception {
    byte[] broken = Artifacts.classFile(Artifacts.FIXTURES + "Caller");
    broken = Arrays.copyOf(broken, broken.length - 3);
    Path app = Artifacts.application("").entry("com/acme/Broken.class", broken).writeTo(dir.resolve("app.jar"));
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));

    ScanResult result = scan(userRules(USER_RULES), app, lib);

    assertThat(result.sites()).hasSize(5);
    assertThat(result.skipped()).extracting(SkippedClass::describe).singleElement().asString()
        .startsWith(app + "!/com/acme/Broken.class: skipped: the JVM would refuse it: ");
  }

  /**
   * A rule naming the application class {@code Caller}: refused (a typo), resolved (Caller becomes a legacy owner),
   * and unresolved with Caller as its replacement. None of them may hide Caller's calls of the other rules.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "  - id: app-typo\n    legacy: dev.sunset.core.fixtures.Caller#mian()\n",
      "  - id: app-method\n    legacy: dev.sunset.core.fixtures.Caller#bystander()\n",
      "  - id: gone\n    legacy: com.acme.Gone#direct()\n    replacement: dev.sunset.core.fixtures.Caller#direct()\n"
          + "    stage: redirect\n"})
  void aRuleNamingAnApplicationClassHidesNoneOfThatClassesCallsOfOtherRules(String extra) throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));
    List<SiteKey> without = scan(userRules(USER_RULES), app, lib).sites().stream().map(ScannedSite::key).toList();

    ScanResult with = scan(userRules(USER_RULES + extra), app, lib);

    assertThat(without).hasSize(5);
    assertThat(with.sites()).extracting(ScannedSite::key).containsExactlyElementsOf(without);
  }

  @Test
  void aReplacementFallingBackToItsOwnRulesLegacyMethodIsNoSiteButItsCallOfAnotherRulesLegacyMethodIs()
      throws Exception {
    Path lib = Artifacts.jar().fixture("", "Legacy").fixture("", "Special").fixture("", "Modern")
        .fixture("", "Adapter").writeTo(dir.resolve("legacy.jar"));
    String rules = "rules:\n"
        + "  - id: describe\n"
        + "    legacy: dev.sunset.core.fixtures.Legacy#describe(java.lang.String)\n"
        + "    replacement: dev.sunset.core.fixtures.Adapter#describe(dev.sunset.core.fixtures.Legacy, java.lang.String)\n"
        + "    stage: redirect\n"
        + "  - id: now\n"
        + "    legacy: dev.sunset.core.fixtures.Legacy#now(int)\n"
        + "    replacement: dev.sunset.core.fixtures.Modern#now(int)\n"
        + "    stage: redirect\n";

    ScanResult result = scan(userRules(rules), lib);

    assertThat(result.rules()).extracting(ScannedRule::resolution).containsOnly(RuleResolution.RESOLVED);
    assertThat(result.sites()).extracting(ScannedSite::rule, ScannedSite::className, ScannedSite::method,
        ScannedSite::line).containsExactly(
            tuple("now", "dev.sunset.core.fixtures.Adapter", "describe", Artifacts.lineOf("Adapter", "adapter: other rule")));
  }

  @Test
  void aRuleWhoseLegacyClassIsNowhereIsUnresolved() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));

    ScanResult result = scan(userRules("rules:\n  - id: typo\n    legacy: com.acme.Legcy#run()\n"), app);

    assertThat(result.rules()).singleElement().extracting(ScannedRule::resolution)
        .isEqualTo(RuleResolution.UNRESOLVED);
    assertThat(result.sites()).isEmpty();
    assertThat(result.stats().classesParsed()).isZero();
  }

  private static String manifest(String classPath) {
    return "Manifest-Version: 1.0\r\nClass-Path: " + classPath + "\r\n\r\n";
  }

  @Test
  void aThinJarsManifestClassPathIsFollowedToResolveRulesButItsJarsAreNotScanned() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("dist/lib/legacy.jar"));
    Path app = Artifacts.application("").entry("META-INF/MANIFEST.MF", manifest("lib/legacy.jar"))
        .writeTo(dir.resolve("dist/app.jar"));

    ScanResult result = scan(userRules(USER_RULES), app);

    // the shipped rule of the library beside the jar applies, as the agent would apply it
    assertThat(result.rules()).extracting(r -> r.spec().id(), ScannedRule::resolution).containsExactly(
        tuple("describe", RuleResolution.RESOLVED), tuple("shipped-create", RuleResolution.RESOLVED));
    assertThat(result.rules().get(0).resolvedIn())
        .containsExactly(new ScannedRule.ResolvedIn(ArtifactScanner.CLASS_PATH, lib.toString(), false));
    assertThat(result.sites()).hasSize(5).extracting(ScannedSite::codeSource).containsOnly(app.toString());
    assertThat(result.stats().archives()).isEqualTo(1);
    assertThat(result.stats().classes()).as("the app's two classes; the library's are not scanned").isEqualTo(2);
    assertThat(result.resolutionPath()).containsExactly(
        new ResolutionSource(lib.toString(), ResolutionSource.Origin.MANIFEST, app.toString(), true));
    assertThat(result.unresolvedRules()).isEmpty();
  }

  @Test
  void aManifestEntryThatIsNotThereIsPassedOverAndTheRuleItWouldHaveResolvedIsNamed() throws Exception {
    Path app = Artifacts.application("").entry("META-INF/MANIFEST.MF", manifest("lib/legacy.jar"))
        .writeTo(dir.resolve("dist/app.jar"));

    ScanResult result = scan(userRules(USER_RULES), app);

    assertThat(result.sites()).isEmpty();
    assertThat(result.resolutionPath()).containsExactly(new ResolutionSource(
        dir.resolve("dist/lib/legacy.jar").toString(), ResolutionSource.Origin.MANIFEST, app.toString(), false));
    assertThat(result.unresolvedRules()).singleElement().satisfies(r -> assertThat(r.unresolvedLine()).hasValue(
        "rules.yaml:2: rule 'describe': legacy dev.sunset.core.fixtures.Legacy#describe(java.lang.String) resolved "
            + "nowhere: no jar or folder scanned or read to resolve against holds dev.sunset.core.fixtures.Legacy"));
  }

  @Test
  void theClassPathGivenResolvesRulesInEveryScopeWithoutBeingScanned() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("provided/legacy.jar"));
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));
    Path war = Artifacts.application("WEB-INF/classes/").writeTo(dir.resolve("app.war"));

    ScanResult without = scan(userRules(USER_RULES), app, war);
    ScanResult with = ArtifactScanner.builder().userRules(userRules(USER_RULES)).classPath(List.of(lib.getParent()))
        .build().scan(List.of(app, war));

    assertThat(without.sites()).isEmpty();
    assertThat(without.unresolvedRules()).extracting(r -> r.spec().id()).containsExactly("describe");
    assertThat(with.sites()).hasSize(10).extracting(ScannedSite::codeSource)
        .containsOnly(app.toString(), war + "!/WEB-INF/classes");
    assertThat(with.rules()).allSatisfy(r -> assertThat(r.resolvedIn()).extracting(ScannedRule.ResolvedIn::codeSource)
        .containsOnly(lib.toString()).hasSize(2));
    assertThat(with.resolutionPath()).containsExactly(
        new ResolutionSource(lib.toString(), ResolutionSource.Origin.GIVEN, null, true));
    assertThat(with.stats().archives()).isEqualTo(2);
  }

  @Test
  void aClassPathEntryThatIsMissingOrNotAJarIsRefusedNamingIt() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    Path missing = dir.resolve("missing.jar");

    assertThatThrownBy(() -> ArtifactScanner.builder().classPath(List.of(missing)).build().scan(List.of(app)))
        .isInstanceOf(ArtifactException.class).hasMessage(missing + ": does not exist");
    assertThatThrownBy(() -> ArtifactScanner.builder().classPath(List.of(text)).build().scan(List.of(app)))
        .isInstanceOf(ArtifactException.class).hasMessageStartingWith(text + ": is not a jar or a class folder");
  }

  @Test
  void aRuleRefusedWhereverItsLegacyClassIsSaysWhereAndWhy() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));

    ScanResult result = scan(userRules("rules:\n  - id: app-typo\n    legacy: dev.sunset.core.fixtures.Caller#mian()\n"),
        app);

    assertThat(result.unresolvedRules()).singleElement().satisfies(r -> {
      assertThat(r.resolution()).isEqualTo(RuleResolution.REFUSED);
      assertThat(r.refusedIn()).containsExactly(new ScannedRule.RefusedIn(ArtifactScanner.CLASS_PATH,
          "legacy method mian() does not exist in dev.sunset.core.fixtures.Caller"));
      assertThat(r.unresolvedLine()).hasValue("rules.yaml:2: rule 'app-typo': legacy dev.sunset.core.fixtures.Caller#mian()"
          + " resolved nowhere: refused in class path: legacy method mian() does not exist in dev.sunset.core.fixtures.Caller");
    });
  }

  @Test
  void theJdksOwnClassesResolveThroughJrt() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));

    ScanResult result = scan(userRules("rules:\n  - id: substring\n    legacy: java.lang.String#substring(int)\n"),
        app);

    assertThat(result.rules()).singleElement().satisfies(r -> assertThat(r.resolvedIn()).singleElement()
        .extracting(ScannedRule.ResolvedIn::codeSource).asString().startsWith("jrt:/java.base"));
    assertThat(result.sites()).extracting(ScannedSite::method).containsExactly("bystander");
  }

  @Test
  void badPathsAreRefusedWithOneLineNamingThem() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("README"), "nothing here");

    assertThatThrownBy(() -> scan(null, dir.resolve("missing.jar")))
        .isInstanceOf(ArtifactException.class).hasMessage(dir.resolve("missing.jar") + ": does not exist");
    assertThatThrownBy(() -> scan(null, text)).isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith(text + ": is not a jar, a war or a class folder");
    assertThatThrownBy(() -> scan(null, empty)).isInstanceOf(ArtifactException.class)
        .hasMessage(empty + ": is a folder with no class files, jars or wars in it");
  }

  @Test
  void theJsonIsAScanThatReadsBackAsABaseline() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));
    ScanResult result = scan(userRules(USER_RULES), app, lib);

    Path json = Files.writeString(dir.resolve("scan.json"), ScanJson.toJson(result));
    Map<String, Object> root = JSON.std.mapFrom(Files.readString(json));
    RecordedSites baseline = RecordedSites.read(json);

    assertThat(root.get("format")).isEqualTo(Formats.SCAN);
    assertThat(root.keySet()).startsWith("format", "generatedAt", "rules", "callSites");
    List<SiteKey> keys = result.sites().stream().map(ScannedSite::key).toList();
    assertThat(baseline.sites()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(RecordedSites.check(json)).isEmpty();
  }

  @Test
  void aCallerThatNamesAClassRulesClassOnlyInTheDescriptorsOfWhatItCallsIsListedAsTypeReferences() throws Exception {
    String fix = "dev/sunset/core/fixtures/classes/";
    Artifacts lib = Artifacts.jar();
    for (String c : List.of("OldRegistry", "OldRegistry$Entry", "OldRegistryAdapters")) {
      lib.entry(fix + c + ".class", Artifacts.classFile(fix + c));
    }
    Path legacy = lib.writeTo(dir.resolve("legacy.jar"));
    Path app = Artifacts.jar().entry(fix + "AdapterCaller.class", Artifacts.classFile(fix + "AdapterCaller"))
        .writeTo(dir.resolve("app.jar"));

    ScanResult result = scan(userRules("rules:\n  - id: registry\n    legacy: dev.sunset.core.fixtures.classes"
        + ".OldRegistry\n"), app, legacy);

    // the adapter's own uses of the class are a caller's too (this rule names no replacement); AdapterCaller's are
    // the calls and the field read whose descriptors name it, which fail to link once the class is gone
    assertThat(result.sites()).filteredOn(s -> s.codeSource().equals(app.toString()))
        .extracting(ScannedSite::method, ScannedSite::line, ScannedSite::use)
        .containsExactly(tuple("everyLinkedUse", 15, Use.TYPE_REFERENCE), tuple("everyLinkedUse", 15,
            Use.TYPE_REFERENCE), tuple("everyLinkedUse", 16, Use.TYPE_REFERENCE), tuple("everyLinkedUse", 17,
            Use.TYPE_REFERENCE));
  }
}
