package dev.sunset.agent.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.MemberRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallSiteRegistryReportOrderTest {
  private static CallSiteInfo register(CallSiteRegistry registry, String rule, String className, int line) {
    CallSiteInfo site = new CallSiteInfo(registry.reserveId(), rule, MemberRef.Kind.METHOD, "legacy/Api.m()V", className,
        "run", "()V", "X.java", line, "file:/app.jar", Reach.REWRITTEN_CALL, null, null);
    registry.register(site);
    return site;
  }

  private static List<String> order(List<CallSiteInfo> sites) {
    return sites.stream().map(s -> s.ruleId() + " " + s.className() + ":" + s.line()).toList();
  }

  @Test
  void sitesAreInRuleClassAndLineOrderAndSitesAddedLaterTakeTheirPlace() {
    CallSiteRegistry registry = new CallSiteRegistry();
    register(registry, "b", "com.acme.A", 3);
    register(registry, "a", "com.acme.B", 9);
    register(registry, "a", "com.acme.B", 2);
    assertThat(order(registry.inReportOrder()))
        .containsExactly("a com.acme.B:2", "a com.acme.B:9", "b com.acme.A:3");
    assertThat(registry.inReportOrder()).isSameAs(registry.inReportOrder());

    register(registry, "a", "com.acme.A", 5);

    assertThat(order(registry.inReportOrder()))
        .containsExactly("a com.acme.A:5", "a com.acme.B:2", "a com.acme.B:9", "b com.acme.A:3");
  }

  @Test
  void twoRegistriesNeverShareAnOrder() {
    CallSiteRegistry first = new CallSiteRegistry();
    register(first, "a", "com.acme.First", 1);
    CallSiteRegistry second = new CallSiteRegistry();
    register(second, "a", "com.acme.Second", 1);

    assertThat(order(first.inReportOrder())).containsExactly("a com.acme.First:1");
    assertThat(order(second.inReportOrder())).containsExactly("a com.acme.Second:1");
  }
}
