package dev.sunset.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A package rule resolves class by class: each class of exactly its package that is found, the class first, then what
 * code outside it can use of it, named with the class first; a class of a sub-package or of another package never.
 */
class PackageRuleResolutionTest {
  private static final String PKG = "dev/sunset/core/fixtures/pkg/legacy/";
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.of(getClass().getClassLoader()));

  private static RuleSpec rule(String legacy) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), "rules:\n  - id: r\n    legacy: " + legacy + "\n");
    assertThat(read.problems()).isEmpty();
    return read.rules().get(0);
  }

  @Test
  void eachClassOfThePackageFoundIsResolvedWithItsMembersNamedWithTheirClass() {
    Resolution r = RuleResolver.resolvePackage(rule("dev.sunset.core.fixtures.pkg.legacy.*"), hierarchy,
        List.of(PKG + "Widget", PKG + "sub/Deep", PKG + "Gone", "dev/sunset/core/fixtures/pkg/PackageUser",
            PKG + "Factory$Builder"));

    assertThat(r).isInstanceOf(Resolution.Resolved.class);
    List<ResolvedRule> members = ((Resolution.Resolved) r).members();
    assertThat(members).extracting(m -> m.legacy().kind() + " " + m.memberForPeople()).containsExactly(
        "CLASS Factory$Builder.<class>", "CONSTRUCTOR Factory$Builder.<init>()", "METHOD Factory$Builder.build()",
        "CLASS Widget.<class>", "CONSTRUCTOR Widget.<init>()", "METHOD Widget.run()", "FIELD Widget.size");
    assertThat(members).allMatch(ResolvedRule::isPackageRule).allMatch(ResolvedRule::isClassRule);
    for (ResolvedRule m : members) {
      assertThat(LegacyMember.forPeopleInPackage(m.legacy().key())).isEqualTo(m.memberForPeople());
    }
    assertThat(((Resolution.Resolved) r).legacyLocation()).isNotEmpty();
  }

  @Test
  void aPackageWithNoClassFoundDoesNotResolveAndAHierarchyAloneCannotListOne() {
    RuleSpec gone = rule("com.acme.gone.*");

    assertThat(RuleResolver.resolvePackage(gone, hierarchy, List.of("com/acme/gone/sub/X")))
        .isEqualTo(new Resolution.OwnerMissing("com.acme.gone.*"));
    assertThat(RuleResolver.resolve(rule("dev.sunset.core.fixtures.pkg.legacy.*"), hierarchy))
        .isEqualTo(new Resolution.OwnerMissing("dev.sunset.core.fixtures.pkg.legacy.*"));
  }

  @Test
  void oneClassIsResolvedOnlyForTheRuleOfItsOwnPackage() {
    RuleSpec pkg = rule("dev.sunset.core.fixtures.pkg.legacy.*");

    assertThat(RuleResolver.packageClass(pkg, hierarchy.info(PKG + "Factory").orElseThrow()))
        .extracting(ResolvedRule::memberForPeople).startsWith("Factory.<class>").contains("Factory.create(java.lang.String)",
            "Factory.made", "Factory.name").noneMatch(m -> m.startsWith("Factory$Builder"));
    assertThat(RuleResolver.packageClass(pkg, hierarchy.info(PKG + "sub/Deep").orElseThrow())).isEmpty();
    assertThat(RuleResolver.packageClass(rule("dev.sunset.core.fixtures.pkg.legacy.Factory"),
        hierarchy.info(PKG + "Factory").orElseThrow())).as("not a package rule").isEmpty();
  }
}
