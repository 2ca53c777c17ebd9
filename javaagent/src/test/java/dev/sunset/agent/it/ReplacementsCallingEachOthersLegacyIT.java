package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rules whose replacements each still call the other rule's legacy method (a half-done migration). Their calls
 * are call sites of the other rule, counted and listed, but a replacement class never runs another replacement in
 * their place: redirected, the two replacements would call each other until the stack overflows, where without
 * Sunset each legacy call simply runs.
 */
class ReplacementsCallingEachOthersLegacyIT {
  private static final String FIX = "dev.sunset.agent.it.fixtures.cycle.";
  private static final String RULES = "  - id: orders-open\n"
      + "    legacy: " + FIX + "OldOrders#open(java.lang.String)\n"
      + "    replacement: " + FIX + "NewOrders#open(java.lang.String)\n"
      + "    stage: redirect\n"
      + "  - id: pricing-price\n"
      + "    legacy: " + FIX + "OldPricing#price(java.lang.String)\n"
      + "    replacement: " + FIX + "NewPricing#price(java.lang.String)\n"
      + "    stage: redirect\n";

  @TempDir
  Path dir;

  @Test
  void theApplicationsCallIsRedirectedAndTheReplacementsLegacyCallsRunTheLegacyBodyCounted() throws Exception {
    Path rules = RulesFiles.write(dir, RULES);
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(FIX + "CycleApp");
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report + ",summary=false")
        .run(FIX + "CycleApp");

    assertThat(without.values()).containsEntry("result", "old-order:42");
    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).containsEntry("result", "new-order:42/old-price:42");
    Map<String, Object> json = Reports.read(report);
    List<Map<String, Object>> pricing = Reports.sitesOf(json, "pricing-price");
    assertThat(pricing).singleElement().satisfies(site -> {
      assertThat(site).containsEntry("class", FIX + "NewOrders").containsEntry("count", 1);
      assertThat(site.get("countsByStage")).isEqualTo(Map.of("observe", 1));
    });
    assertThat(Reports.sitesOf(json, "orders-open")).filteredOn(s -> Reports.count(s) > 0).singleElement()
        .satisfies(site -> assertThat(site).containsEntry("class", FIX + "CycleApp")
            .containsEntry("countsByStage", Map.of("redirect", 1)));
  }
}
