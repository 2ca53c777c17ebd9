package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.registry.RolledBackSites;
import dev.sunset.agent.internal.registry.SiteStages;
import dev.sunset.agent.internal.rules.Baselines;
import dev.sunset.agent.internal.rules.LoaderRules;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.agent.internal.rules.StageResolver;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.Stage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The agent's real registry, counters, rules and linker, filled by hand, so telemetry tests read real
 * snapshots; the rules name the agent's test fixtures ({@code LegacyClock}) and resolve in this class's loader.
 */
final class Registry {
  static final String FIX = "dev.sunset.agent.it.fixtures.";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final CallSiteRegistry registry = new CallSiteRegistry();
  final CallCounters counters = new CallCounters();
  final RulesInForce rules = new RulesInForce();
  final StageResolver stages = new StageResolver(Clock.fixed(NOW, ZoneOffset.UTC), new Baselines());
  final SiteStages siteStages = new SiteStages(stages, new RolledBackSites());
  final CallSiteLinker linker = new CallSiteLinker(registry, counters, new GuardRegistry(), siteStages, message -> { });

  /** The rules {@code clock-now} (redirect) and {@code clock-create} (observe, to deny on 2026-03-15). */
  static Registry withClockRules() {
    Registry r = new Registry();
    r.rules("rules:\n"
        + "  - id: clock-now\n    legacy: " + FIX + "LegacyClock#now(int)\n"
        + "    replacement: " + FIX + "ModernClock#now(int)\n    stage: redirect\n"
        + "  - id: clock-create\n    legacy: " + FIX + "LegacyClock#create(java.lang.String)\n"
        + "    stage: observe\n    schedule:\n      deny: 2026-03-15\n");
    return r;
  }

  /**
   * The rules of {@link #withClockRules}, and {@code registry}: a class rule on the fixture {@code LegacyRegistry}
   * (observe).
   */
  static Registry withClockAndClassRules() {
    Registry r = new Registry();
    r.rules("rules:\n"
        + "  - id: clock-now\n    legacy: " + FIX + "LegacyClock#now(int)\n"
        + "    replacement: " + FIX + "ModernClock#now(int)\n    stage: redirect\n"
        + "  - id: clock-create\n    legacy: " + FIX + "LegacyClock#create(java.lang.String)\n"
        + "    stage: observe\n    schedule:\n      deny: 2026-03-15\n"
        + "  - id: registry\n    legacy: " + FIX + "classes.LegacyRegistry\n    stage: observe\n");
    return r;
  }

  void rules(String yaml) {
    RuleSource source = new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER);
    RulesReader.Result read = rules.read(source, yaml);
    if (!read.problems().isEmpty()) {
      throw new AssertionError(read.problems());
    }
    rules.startWith(rules.userFile(source, yaml, read));
  }

  private LoaderRules scope() {
    return rules.forLoader(Registry.class.getClassLoader());
  }

  /** Registers a call site of {@code rule} in {@code className.method} at {@code file:line}. */
  CallSiteInfo site(String rule, String className, String method, String file, int line, String codeSource) {
    ResolvedRule r = scope().members(rule).stream().findFirst().orElse(null);
    return register(rule, r, Reach.REWRITTEN_CALL, className, method, file, line, codeSource);
  }

  /**
   * Registers a site of the class rule {@code rule} in {@code className.method} at {@code file:line} that uses the
   * member people read as {@code member} ({@code <init>()}, {@code name}) as {@code reach} says.
   */
  CallSiteInfo use(String rule, Reach reach, String member, String className, String method, String file, int line,
      String codeSource) {
    ResolvedRule r = scope().members(rule).stream().filter(m -> m.legacy().forPeople().equals(member)).findFirst()
        .orElseThrow(() -> new AssertionError("rule " + rule + " covers no member " + member));
    return register(rule, r, reach, className, method, file, line, codeSource);
  }

  private CallSiteInfo register(String rule, ResolvedRule r, Reach reach, String className, String method,
      String file, int line, String codeSource) {
    CallSiteInfo site = new CallSiteInfo(registry.reserveId(), rule,
        r == null ? MemberRef.Kind.METHOD : r.spec().legacy().kind(), r == null ? "?" : r.legacy().key(), className,
        method, "()V", file, line, codeSource, reach, null, scope());
    registry.register(site);
    return site;
  }

  /** Counts {@code calls} calls of {@code site} at {@code stage}. */
  void call(CallSiteInfo site, Stage stage, long calls) {
    for (long i = 0; i < calls; i++) {
      counters.increment(CounterSlots.slot(site.id(), stage));
    }
  }

  CallSiteSnapshot snapshot() {
    return CallSiteSnapshot.take(registry, counters, rules, siteStages);
  }
}
