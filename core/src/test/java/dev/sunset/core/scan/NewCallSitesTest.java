package dev.sunset.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Formats;
import dev.sunset.core.format.Use;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.SiteMatch;
import dev.sunset.core.report.UseKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewCallSitesTest {
  private static final ScannedSite KNOWN = site("ws-create", "com.acme.Checkout", "run", "Checkout.java", 42, "app.jar");
  private static final ScannedSite MOVED = site("ws-create", "com.acme.Checkout", "retry", "Checkout.java", 51, "app.jar");
  private static final ScannedSite ADDED = site("ws-send", "com.acme.Billing", "nightly", "Billing.java", 7, "app.jar");
  private static final RecordedSites BASELINE = new RecordedSites(Formats.SCAN, Set.of(
      new SiteKey("ws-create", "com.acme.Checkout", "run", 42),
      new SiteKey("ws-create", "com.acme.Checkout", "retry", 50)));

  private static ScannedSite site(String rule, String className, String method, String file, int line, String jar) {
    return new ScannedSite(rule, className, method, "()V", file, line, jar, null, false);
  }

  private static ScanResult scan(ScannedSite... sites) {
    return new ScanResult(Instant.EPOCH, List.of(), List.of(sites), List.of(), List.of(),
        new ScanStats(1, 1, 1, 1, 1, 1, Duration.ZERO));
  }

  @Test
  void onLinesASiteThatMovedIsNewAndOnMethodsItIsNot() {
    ScanResult result = scan(KNOWN, MOVED, ADDED);

    assertThat(NewCallSites.of(result, BASELINE, SiteMatch.LINE).lines()).containsExactly(
        "Checkout.java:51 com.acme.Checkout.retry ws-create", "Billing.java:7 com.acme.Billing.nightly ws-send");
    NewCallSites byMethod = NewCallSites.of(result, BASELINE, SiteMatch.METHOD);
    assertThat(byMethod.lines()).containsExactly("Billing.java:7 com.acme.Billing.nightly ws-send");
    assertThat(byMethod.scanned()).isEqualTo(3);
  }

  @Test
  void theSameSiteInTwoJarsIsOneLineAndAnUnknownFileOrLineIsAQuestionMark() {
    ScannedSite again = site("ws-send", "com.acme.Billing", "nightly", "Billing.java", 7, "copy.jar");
    ScannedSite bare = site("ws-send", "com.acme.Gen", "run", null, 0, "app.jar");

    NewCallSites found = NewCallSites.of(scan(ADDED, again, bare), BASELINE, SiteMatch.LINE);

    assertThat(found.sites()).hasSize(3);
    assertThat(found.lines()).containsExactly("Billing.java:7 com.acme.Billing.nightly ws-send", "?:? com.acme.Gen.run ws-send");
  }

  @Test
  void aScanWhoseEverySiteIsInTheBaselineFindsNothingNew() {
    assertThat(NewCallSites.of(scan(KNOWN), BASELINE, SiteMatch.LINE).isEmpty()).isTrue();
  }

  private static ScannedSite use(int line, Use use, String member) {
    return new ScannedSite("factory", "com.acme.Main", "run", "()V", "Main.java", line, "app.jar", null, false, use,
        member);
  }

  @Test
  void aClassRulesUseIsNewWhenTheBaselineHasAnotherUseOnItsLine() {
    RecordedSites baseline = RecordedSites.ofUses(Formats.SCAN, List.of(
        use(9, Use.NEW, "<init>()").useKey(), use(12, Use.FIELD_READ, "name").useKey()));
    ScanResult result = scan(use(9, Use.NEW, "<init>()"), use(9, Use.FIELD_READ, "name"),
        use(12, Use.FIELD_READ, "name"), use(12, Use.FIELD_READ, "created"), use(14, Use.TYPE_REFERENCE, "<class>"),
        use(0, Use.SUBCLASS, "<class>"));

    // a type reference runs no code of the class: a method that was tolerated a use of it may name it anywhere
    assertThat(NewCallSites.of(result, baseline, SiteMatch.LINE).lines()).containsExactly(
        "Main.java:9 com.acme.Main.run factory (field-read name)",
        "Main.java:12 com.acme.Main.run factory (field-read created)",
        "Main.java:? com.acme.Main.run factory (subclass <class>)");
    // tolerating line shifts tolerates the same use of the same member anywhere in the method, not another one
    assertThat(NewCallSites.of(result, baseline, SiteMatch.METHOD).lines()).containsExactly(
        "Main.java:12 com.acme.Main.run factory (field-read created)",
        "Main.java:? com.acme.Main.run factory (subclass <class>)");
  }

  @Test
  void aTypeReferenceInAMethodTheBaselineToleratedAUseOfItsRuleInIsNotNew() {
    // a recipe moved the field read on line 12 to the rule's adapter, whose descriptor names the class, two lines down
    RecordedSites baseline = RecordedSites.ofUses(Formats.SCAN, List.of(use(12, Use.FIELD_READ, "name").useKey()));
    ScannedSite elsewhere = new ScannedSite("factory", "com.acme.Main", "other", "()V", "Main.java", 20, "app.jar",
        null, false, Use.TYPE_REFERENCE, "<class>");
    ScannedSite otherRule = new ScannedSite("registry", "com.acme.Main", "run", "()V", "Main.java", 14, "app.jar",
        null, false, Use.TYPE_REFERENCE, "<class>");
    ScanResult after = scan(use(14, Use.TYPE_REFERENCE, "<class>"), elsewhere, otherRule);

    assertThat(NewCallSites.of(after, baseline, SiteMatch.LINE).lines()).containsExactly(
        "Main.java:20 com.acme.Main.other factory (type-reference <class>)",
        "Main.java:14 com.acme.Main.run registry (type-reference <class>)");
    // a type reference tolerates nothing else: a field read where only a type reference was is new
    RecordedSites references = RecordedSites.ofUses(Formats.SCAN, List.of(use(12, Use.TYPE_REFERENCE, "<class>")
        .useKey()));
    assertThat(NewCallSites.of(scan(use(12, Use.FIELD_READ, "name")), references, SiteMatch.LINE).lines())
        .containsExactly("Main.java:12 com.acme.Main.run factory (field-read name)");
  }

  @Test
  void aMethodRulesCallIsInABaselineOfSitesAsBefore() {
    RecordedSites ofUses = RecordedSites.ofUses(Formats.SCAN, List.of(KNOWN.useKey()));

    assertThat(NewCallSites.of(scan(KNOWN), ofUses, SiteMatch.LINE).isEmpty()).isTrue();
    assertThat(NewCallSites.of(scan(KNOWN, ADDED), BASELINE, SiteMatch.LINE).lines())
        .containsExactly("Billing.java:7 com.acme.Billing.nightly ws-send");
  }

  @Test
  void anEntryNamingNoMemberAsFilesBeforeClassRulesWroteToleratesEveryUseAtItsSiteAndNoOther() {
    // a baseline of sites (rule, class, method, line), as every report and scan was before class rules
    RecordedSites sitesOnly = new RecordedSites(Formats.SCAN, Set.of(new SiteKey("factory", "com.acme.Main", "run", 9)));
    ScanResult result = scan(use(9, Use.NEW, "<init>()"), use(9, Use.FIELD_READ, "name"), use(12, Use.FIELD_READ,
        "name"));

    assertThat(NewCallSites.of(result, sitesOnly, SiteMatch.LINE).lines())
        .containsExactly("Main.java:12 com.acme.Main.run factory (field-read name)");
    assertThat(NewCallSites.of(result, sitesOnly, SiteMatch.METHOD).isEmpty()).isTrue();
    // an entry naming its use but no member tolerates that use of any member there, not another use
    RecordedSites useOnly = RecordedSites.ofUses(Formats.SCAN, List.of(new UseKey(new SiteKey("factory",
        "com.acme.Main", "run", 9), Use.FIELD_READ, null)));
    assertThat(NewCallSites.of(result, useOnly, SiteMatch.LINE).lines()).containsExactly(
        "Main.java:9 com.acme.Main.run factory (new <init>())",
        "Main.java:12 com.acme.Main.run factory (field-read name)");
  }
}
