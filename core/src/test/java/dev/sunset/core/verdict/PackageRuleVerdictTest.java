package dev.sunset.core.verdict;

import static dev.sunset.core.verdict.VerdictJudgeTest.DEFAULTS;
import static dev.sunset.core.verdict.VerdictJudgeTest.counted;
import static dev.sunset.core.verdict.VerdictJudgeTest.inventory;
import static dev.sunset.core.verdict.VerdictJudgeTest.judge;
import static dev.sunset.core.verdict.VerdictJudgeTest.resolved;
import static dev.sunset.core.verdict.VerdictJudgeTest.twoJvmsForFifteenDays;
import static dev.sunset.core.verdict.VerdictJudgeTest.use;
import static dev.sunset.core.verdict.VerdictJudgeTest.watched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Use;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.format.Verdict.Kind;
import dev.sunset.core.format.Verdict.Why;
import dev.sunset.core.rules.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A package rule's verdict: {@code migrated} (delete the package) only when no use of any class of it is left and
 * none was counted; {@code unknown} while a type reference to one of its classes is left; its uses per class.
 */
class PackageRuleVerdictTest {
  static final String PACKAGE = "com.acme.legacy.*";

  static Verdict.RuleVerdict judgePackage(List<Scan.Site> scanned, Report.Site... reported) throws Exception {
    return judge(inventory(List.of(resolved("factory", PACKAGE)), scanned.toArray(Scan.Site[]::new)),
        twoJvmsForFifteenDays(List.of(watched("factory", PACKAGE)), reported), DEFAULTS, "factory");
  }

  @Test
  void aPackageWithNoUseOfAnyOfItsClassesLeftAndNoneSeenIsMigrated() throws Exception {
    Verdict.RuleVerdict v = judgePackage(List.of());

    assertThat(v.verdict()).isEqualTo(Kind.MIGRATED);
    assertThat(v.classRule()).isTrue();
    assertThat(v.why()).isEmpty();
    assertThat(v.uses()).isEmpty();
  }

  @Test
  void aUseOfOneClassCountedKeepsThePackageInUse() throws Exception {
    Verdict.RuleVerdict v = judgePackage(List.of(use("com.acme.A", 5, Use.NEW, "Widget.<init>()")),
        counted("com.acme.A", 5, Use.NEW, "Widget.<init>()", 2));

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.calls()).isEqualTo(2);
  }

  @Test
  void aTypeReferenceToOneOfItsClassesLeftIsUnknownNamingAClassOfThePackage() throws Exception {
    Verdict.RuleVerdict v = judgePackage(List.of(use("com.acme.A", 3, Use.TYPE_REFERENCE, "Widget.<class>"),
        use("com.acme.A", 4, Use.NEW, "Factory.<init>()")), counted("com.acme.A", 4, Use.NEW, "Factory.<init>()", 0));

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.TYPE_REFERENCES_LEFT);
    assertThat(v.why().get(0).detail()).startsWith("1 type reference to com.acme.legacy.* left, such as "
        + "com.acme.A.run (A.java:3)").contains("a class of the package cannot be deleted while it is named");
  }

  @Test
  void itsUsesAreGroupedByClassThenByUseAndMember() throws Exception {
    Verdict.RuleVerdict v = judgePackage(List.of(use("com.acme.A", 3, Use.TYPE_REFERENCE, "Widget.<class>"),
            use("com.acme.A", 4, Use.NEW, "Factory.<init>()"), use("com.acme.B", 4, Use.NEW, "Factory.<init>()"),
            use("com.acme.A", 5, Use.CALL, "Widget.run()"), use("com.acme.A", 6, Use.CALL, "Factory.create()"),
            use("com.acme.A", 7, Use.FIELD_READ, "Factory$Builder.size")),
        counted("com.acme.A", 4, Use.NEW, "Factory.<init>()", 6), counted("com.acme.A", 5, Use.CALL, "Widget.run()", 1));

    assertThat(v.uses()).containsExactly(
        new Verdict.MemberUse("Factory.create()", Use.CALL, 1, 0),
        new Verdict.MemberUse("Factory.<init>()", Use.NEW, 2, 6),
        new Verdict.MemberUse("Factory$Builder.size", Use.FIELD_READ, 1, 0),
        new Verdict.MemberUse("Widget.run()", Use.CALL, 1, 1),
        new Verdict.MemberUse("Widget.<class>", Use.TYPE_REFERENCE, 1, 0));
  }

  @Test
  void aPackageNoScannedArtifactHoldsIsUnknownSayingSo() throws Exception {
    Scan.Rule unresolved = new Scan.Rule("factory", PACKAGE, null, Stage.OBSERVE, "rules.yaml", 1,
        RuleResolution.UNRESOLVED, List.of(), List.of());
    Verdict.RuleVerdict v = judge(inventory(List.of(unresolved)), twoJvmsForFifteenDays(List.of(watched("factory",
        PACKAGE))), DEFAULTS, "factory");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::detail).anyMatch(d -> d.startsWith(
        "no scanned artifact holds its legacy class of package com.acme.legacy, so"));
  }
}
