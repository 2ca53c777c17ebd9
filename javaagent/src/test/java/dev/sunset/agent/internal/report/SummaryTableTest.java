package dev.sunset.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  private static CallSiteSnapshot.Site site(long calls) {
    CallSiteRegistry registry = new CallSiteRegistry();
    CallSiteInfo info = new CallSiteInfo(registry.reserveId(), "legacy-create", MemberRef.Kind.METHOD,
        "legacy/Api.m()V", "com.acme.Main", "run", "()V", "Main.java", 7, "file:/app.jar", Reach.REWRITTEN_CALL, null,
        null);
    return CallSiteSnapshot.site(info, Stage.OBSERVE, Map.of(Stage.OBSERVE, calls));
  }

  @Test
  void oneSiteCalledOnceIsSaidInTheSingular() {
    CallSiteSnapshot snapshot = CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of(site(1)));

    assertThat(SummaryTable.lines(snapshot, "r.json").get(0))
        .isEqualTo("legacy call sites: 0 rules, 1 site (0 never called), 1 call; report: r.json");
  }

  @Test
  void severalSitesAndCallsAreSaidInThePlural() {
    CallSiteSnapshot snapshot = CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of(site(2), site(0)));

    assertThat(SummaryTable.lines(snapshot, null).get(0))
        .isEqualTo("legacy call sites: 0 rules, 2 sites (1 never called), 2 calls");
  }

  @Test
  void aClassRulesSitesSayTheirUseAndMemberAfterTheCallerSoTwoOnOneLineAreToldApart() {
    CallSiteRegistry registry = new CallSiteRegistry();
    String main = "([Ljava/lang/String;)V";
    CallSiteInfo created = new CallSiteInfo(registry.reserveId(), "factory", MemberRef.Kind.CLASS,
        key("<init>", "()V", LegacyMember.Kind.CONSTRUCTOR), "app.Main", "main", main, "Main.java", 9,
        "file:/app.jar", Reach.REWRITTEN_NEW, null, null);
    CallSiteInfo read = new CallSiteInfo(registry.reserveId(), "factory", MemberRef.Kind.CLASS,
        key("name", "Ljava/lang/String;", LegacyMember.Kind.FIELD), "app.Main", "main", main, "Main.java", 9,
        "file:/app.jar", Reach.REWRITTEN_FIELD_READ, null, null);
    CallSiteInfo reflected = new CallSiteInfo(registry.reserveId(), "factory", MemberRef.Kind.CLASS,
        key("create", "(Ljava/lang/String;)Llegacy/Factory;", LegacyMember.Kind.METHOD), "app.Main", "main", main,
        "Main.java", 12, "file:/app.jar", Reach.REFLECTION, null, null);
    CallSiteSnapshot snapshot = CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of(
        CallSiteSnapshot.site(created, Stage.OBSERVE, Map.of(Stage.OBSERVE, 3L)),
        CallSiteSnapshot.site(read, Stage.OBSERVE, Map.of(Stage.OBSERVE, 5L)),
        CallSiteSnapshot.site(reflected, Stage.OBSERVE, Map.of(Stage.OBSERVE, 1L)), site(2)));

    assertThat(SummaryTable.lines(snapshot, null)).containsExactly(
        "legacy call sites: 0 rules, 4 sites (0 never called), 11 calls",
        "       CALLS  STAGE     RULE           CALLER",
        "           5  observe   factory        app.Main.main(Main.java:9) field-read name",
        "           3  observe   factory        app.Main.main(Main.java:9) new <init>()",
        "           2  observe   legacy-create  com.acme.Main.run(Main.java:7)",
        "           1  observe   factory        app.Main.main(Main.java:12) call create(java.lang.String)"
            + " via reflection");
  }

  @Test
  void aPackageRulesSitesNameTheClassOfTheMemberTheyUse() {
    CallSiteRegistry registry = new CallSiteRegistry();
    CallSiteInfo nested = new CallSiteInfo(registry.reserveId(), "legacy-pkg", MemberRef.Kind.PACKAGE,
        new LegacyMember("legacy/Factory$Builder", "<init>", "()V", 1, 1, LegacyMember.Kind.CONSTRUCTOR).key(),
        "app.Main", "main", "()V", "Main.java", 4, "file:/app.jar", Reach.REWRITTEN_NEW, null, null);
    CallSiteInfo read = new CallSiteInfo(registry.reserveId(), "legacy-pkg", MemberRef.Kind.PACKAGE,
        key("name", "Ljava/lang/String;", LegacyMember.Kind.FIELD), "app.Main", "main", "()V", "Main.java", 5,
        "file:/app.jar", Reach.REWRITTEN_FIELD_READ, null, null);
    CallSiteSnapshot snapshot = CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of(
        CallSiteSnapshot.site(nested, Stage.WARN, Map.of(Stage.WARN, 2L)),
        CallSiteSnapshot.site(read, Stage.WARN, Map.of(Stage.WARN, 1L))));

    assertThat(nested.ofClassRule()).isTrue();
    assertThat(nested.ofPackageRule()).isTrue();
    assertThat(SummaryTable.lines(snapshot, null)).contains(
        "           2  warn      legacy-pkg  app.Main.main(Main.java:4) new Factory$Builder.<init>()",
        "           1  warn      legacy-pkg  app.Main.main(Main.java:5) field-read Factory.name");
  }

  /** The key of a member of {@code legacy.Factory}, as the agent makes it. */
  private static String key(String name, String descriptor, LegacyMember.Kind kind) {
    return new LegacyMember("legacy/Factory", name, descriptor, 1, 1, kind).key();
  }
}
