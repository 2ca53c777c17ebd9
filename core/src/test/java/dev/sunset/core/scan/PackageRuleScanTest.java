package dev.sunset.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Use;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package rule in a scan: the package's classes are listed in the scanned jars and folders (and those read to
 * resolve against), the rule resolves where one is found, every use of any of them outside the package is a site named
 * with its class and member, and a class of a sub-package is not the package's.
 */
class PackageRuleScanTest {
  private static final String PKG = "dev/sunset/core/fixtures/pkg/";
  private static final String RULES = "rules:\n  - id: legacy-pkg\n    legacy: dev.sunset.core.fixtures.pkg.legacy.*\n";

  @TempDir
  Path dir;

  private static RulesReader.Result rules(String yaml) {
    return new RulesReader(RecordedSites::check).read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER),
        yaml);
  }

  /** The legacy package's four classes. */
  private static Artifacts library() throws Exception {
    Artifacts lib = Artifacts.jar();
    for (String c : List.of("Factory", "Factory$Builder", "Widget", "Listener")) {
      lib.entry(PKG + "legacy/" + c + ".class", Artifacts.classFile(PKG + "legacy/" + c));
    }
    return lib;
  }

  /** What uses it, and a class of a sub-package of it. */
  private static Artifacts application() throws Exception {
    Artifacts app = Artifacts.jar();
    for (String c : List.of("PackageUser", "PackageUser$MyFactory", "PackageUser$MyListener")) {
      app.entry(PKG + c + ".class", Artifacts.classFile(PKG + c));
    }
    return app.entry(PKG + "legacy/sub/Deep.class", Artifacts.classFile(PKG + "legacy/sub/Deep"));
  }

  private static List<String> sites(ScanResult result) {
    List<String> lines = new ArrayList<>();
    for (ScannedSite s : result.sites()) {
      lines.add(s.className().substring(s.className().lastIndexOf('.') + 1) + "." + s.method() + ":" + s.line() + " "
          + s.use().id() + " " + s.member() + (s.calledThrough() == null ? "" : " through " + s.calledThrough()));
    }
    return lines;
  }

  private static final List<String> EXPECTED = List.of(
      "PackageUser.everyRunningUse:24 new Factory.<init>()",
      "PackageUser.everyRunningUse:25 call Factory.create(java.lang.String)",
      "PackageUser.everyRunningUse:26 field-write Factory.name",
      "PackageUser.everyRunningUse:27 field-read Factory.name",
      "PackageUser.everyRunningUse:28 field-read Factory.made",
      "PackageUser.everyRunningUse:29 new Widget.<init>()",
      "PackageUser.everyRunningUse:29 call Widget.run()",
      "PackageUser.everyRunningUse:30 class-lookup Widget.<class>",
      "PackageUser.everyRunningUse:31 call Factory.describe() through dev.sunset.core.fixtures.pkg.PackageUser$MyFactory",
      "PackageUser.everyRunningUse:32 new Factory$Builder.<init>()",
      "PackageUser.everyRunningUse:32 call Factory$Builder.build()",
      "PackageUser.typeOnly:0 type-reference Widget.<class>",
      "PackageUser.typeOnly:38 type-reference Widget.<class>",
      "PackageUser$MyFactory.<clinit>:0 subclass Factory.<class>",
      "PackageUser$MyListener.<clinit>:0 subclass Listener.<class>",
      "Deep.call:10 new Widget.<init>()",
      "Deep.call:10 field-read Widget.size");

  @Test
  void everyUseOfAClassOfThePackageInTheScannedJarsIsASiteAndThePackageResolvesInTheLibrary() throws Exception {
    Path lib = library().writeTo(dir.resolve("legacy.jar"));
    Path app = application().writeTo(dir.resolve("app.jar"));

    ScanResult result = ArtifactScanner.builder().userRules(rules(RULES)).build().scan(List.of(app, lib));

    assertThat(sites(result)).containsExactlyInAnyOrderElementsOf(EXPECTED);
    assertThat(result.sites()).allMatch(s -> s.rule().equals("legacy-pkg") && s.codeSource().equals(app.toString()));
    assertThat(result.rules()).singleElement().satisfies(r -> {
      assertThat(r.resolution()).isEqualTo(RuleResolution.RESOLVED);
      assertThat(r.resolvedIn()).extracting(ScannedRule.ResolvedIn::codeSource).containsExactly(lib.toString());
      assertThat(r.unresolvedLine()).isEmpty();
    });
    assertThat(result.problems()).isEmpty();
    // the library's own classes name the package, but use only each other: none is parsed for sites
    assertThat(result.stats().classesParsed()).isEqualTo(4);
  }

  @Test
  void folderOfClassesAndTheLibraryReadOnlyToResolveAgainstGiveTheSameSites() throws Exception {
    Path lib = library().writeTo(dir.resolve("lib/legacy.jar"));
    Path app = application().writeAsFolder(dir.resolve("classes"));

    ScanResult result = ArtifactScanner.builder().userRules(rules(RULES)).classPath(List.of(lib)).build()
        .scan(List.of(app));

    assertThat(sites(result)).containsExactlyInAnyOrderElementsOf(EXPECTED);
    assertThat(result.rules()).singleElement().extracting(ScannedRule::resolution).isEqualTo(RuleResolution.RESOLVED);
    assertThat(result.sites()).filteredOn(s -> s.use() == Use.TYPE_REFERENCE).hasSize(2);
  }

  @Test
  void aPackageNoScannedJarHoldsIsUnresolvedSayingSoInOneLine() throws Exception {
    Path app = application().writeTo(dir.resolve("app.jar"));

    ScanResult result = ArtifactScanner.builder().userRules(rules(RULES.replace("pkg.legacy.*", "pkg.gone.*")))
        .build().scan(List.of(app));

    assertThat(result.rules()).singleElement().satisfies(r -> {
      assertThat(r.resolution()).isEqualTo(RuleResolution.UNRESOLVED);
      assertThat(r.unresolvedLine()).hasValue("rules.yaml:2: rule 'legacy-pkg': legacy dev.sunset.core.fixtures.pkg"
          + ".gone.* resolved nowhere: no jar or folder scanned or read to resolve against holds a class of package"
          + " dev.sunset.core.fixtures.pkg.gone");
    });
    assertThat(result.sites()).isEmpty();
  }

  @Test
  void aPackageOfTheJdkIsListedThroughJrtWhenNoScannedJarHoldsIt() throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("app.jar"));

    ScanResult result = ArtifactScanner.builder().userRules(rules("rules:\n  - id: zip\n    legacy: java.util.zip.*\n"))
        .build().scan(List.of(app));

    assertThat(result.rules()).singleElement().extracting(ScannedRule::resolution).isEqualTo(RuleResolution.RESOLVED);
    // Artifacts, in the application, writes jars: its CRC32 and ZipEntry uses are sites; java.util.zip's own are not
    assertThat(result.sites()).extracting(ScannedSite::member).contains("CRC32.<init>()", "ZipEntry.<init>(java.lang.String)",
        "ZipEntry.setMethod(int)");
    assertThat(result.sites()).allMatch(s -> s.className().equals("dev.sunset.core.scan.Artifacts"));
  }

  @Test
  void aClassRuleInTheSameScanTakesItsClassFromThePackageRule() throws Exception {
    Path lib = library().writeTo(dir.resolve("legacy.jar"));
    Path app = application().writeTo(dir.resolve("app.jar"));

    ScanResult result = ArtifactScanner.builder().userRules(rules(RULES
        + "  - id: widget\n    legacy: dev.sunset.core.fixtures.pkg.legacy.Widget\n")).build().scan(List.of(app, lib));

    // the class rule's library side is its class alone: the package's Factory building a Widget is a use of it
    assertThat(result.sites()).filteredOn(s -> s.rule().equals("widget"))
        .extracting(s -> s.className().substring(s.className().lastIndexOf('.') + 1) + " " + s.member())
        .containsExactlyInAnyOrder("PackageUser <init>()", "PackageUser run()", "PackageUser <class>",
            "PackageUser <class>", "PackageUser <class>", "Deep <init>()", "Deep size", "Factory <init>()",
            "Factory run()");
    assertThat(result.sites()).filteredOn(s -> s.rule().equals("legacy-pkg")).extracting(ScannedSite::member)
        .noneMatch(m -> m.startsWith("Widget."));
  }
}
