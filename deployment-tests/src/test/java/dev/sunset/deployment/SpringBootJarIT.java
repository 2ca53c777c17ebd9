package dev.sunset.deployment;

import static dev.sunset.examples.chat.ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.examples.chat.ConcurrentChatUsers;
import dev.sunset.examples.chat.ConcurrentChatUsers.UserRun;
import dev.sunset.examples.chat.ForkedChatServer;
import dev.sunset.examples.chat.GoldenPathCallSites;
import dev.sunset.examples.chat.LegacyClassUses;
import dev.sunset.examples.chat.agents.planner.Planner;
import dev.sunset.testing.AgentLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app as a Spring Boot 4 executable jar ({@code spring-boot-maven-plugin repackage}: the application in
 * {@code BOOT-INF/classes}, the shim and its {@code META-INF/sunset/rules.yaml} in {@code BOOT-INF/lib}), started with
 * {@code java -javaagent:sunset-agent.jar -jar}, serving 200 users at once. Spring Boot's launcher defines every
 * application class in its own class loader, which the system class path knows nothing about.
 */
class SpringBootJarIT {
  private static final int USERS = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** One run of the Boot jar: what the users received, what the server printed, and the agent's report. */
  private record BootRun(List<UserRun> users, int exitCode, Map<String, String> printed, String stderr,
      Report report) {
    LoaderId bootLoader() {
      return LoaderId.parse(printed.get("boot.loader"));
    }

    List<String> agentLines() {
      return AgentLine.messages(stderr);
    }
  }

  private static BootRun run(Path dir, List<String> jvmOptions) throws Exception {
    return run(dir, jvmOptions, USERS);
  }

  private static BootRun run(Path dir, List<String> jvmOptions, int userCount) throws Exception {
    Path report = dir.resolve("report.json");
    try (ForkedChatServer server = ForkedChatServer.start(jvmOptions,
        List.of("-jar", Build.bootJar().toString()), Map.of(), TIMEOUT)) {
      List<UserRun> users = ConcurrentChatUsers.chatOnce(server.endpoint(), "boot-user-", userCount, TIMEOUT);
      int exitCode = server.stop(Duration.ofSeconds(30));
      Map<String, String> printed = new LinkedHashMap<>();
      for (String line : server.stdout()) {
        int eq = line.indexOf('=');
        if (line.startsWith("boot.") && eq > 0) {
          printed.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      boolean withAgent = jvmOptions.stream().anyMatch(o -> o.startsWith("-javaagent:"));
      if (withAgent) {
        assertThat(report).as("the agent's report; stderr:\n%s", server.stderr()).isRegularFile();
      }
      return new BootRun(users, exitCode, printed, server.stderr(), withAgent ? Report.read(report) : null);
    }
  }

  private static String agent(Path dir, String extraOptions) {
    return "-javaagent:" + Build.agentJar() + "=report=" + dir.resolve("report.json") + extraOptions;
  }

  @Test
  void withoutTheAgentTheBootJarServesEveryUserItsOwnFiveEvents(@TempDir Path dir) throws Exception {
    BootRun run = run(dir, List.of());

    assertThat(run.users()).hasSize(USERS);
    assertEachUserReceivedExactlyItsOwnRunInOrder(run.users());
    assertThat(run.exitCode()).isEqualTo(143);
    assertThat(run.printed().get("boot.shimCodeSource")).as("the shim is nested in the Boot jar")
        .contains(Build.bootJar().getFileName() + "/!BOOT-INF/lib/sunset-shim-");
    assertThat(run.printed().get("boot.applicationCodeSource")).endsWith("!BOOT-INF/classes/!/");
  }

  /** No {@code rules=} option: the rules come from the shim in {@code BOOT-INF/lib} only. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WithTheShippedRules {
    private BootRun run;

    @BeforeAll
    void twoHundredUsersChatUnderTheAgent(@TempDir Path dir) throws Exception {
      run = run(dir, List.of(agent(dir, "")));
    }

    @Test
    void everyUserReceivesExactlyItsOwnFiveEventsInOrder() {
      assertThat(run.users()).hasSize(USERS);
      assertEachUserReceivedExactlyItsOwnRunInOrder(run.users());
      assertThat(run.exitCode()).isEqualTo(143);
    }

    @Test
    void theShimsSixRulesApplyResolvedInSpringBootsLoaderAgainstTheNestedShimJar() {
      Report report = run.report();
      assertThat(report.rules()).as(run.stderr()).extracting(Report.Rule::id, Report.Rule::stage)
          .containsExactlyInAnyOrderElementsOf(Shim.SHIPPED_STAGES.entrySet().stream()
              .map(e -> tuple(e.getKey(), e.getValue())).toList());
      for (String rule : Shim.SHIPPED_STAGES.keySet()) {
        assertThat(report.rule(rule).resolvedIn()).as("resolvedIn of %s", rule).singleElement().satisfies(where -> {
          assertThat(where.codeSource()).isEqualTo(run.printed().get("boot.shimCodeSource"));
          assertThat(run.bootLoader().isNamedBy(where.loader()))
              .as("%s names Spring Boot's loader %s", where.loader(), run.bootLoader()).isTrue();
        });
      }
    }

    @Test
    void eachRuleCountsExactlyTheLegacyCallsTheRunsMade() {
      Map<String, Long> counted = run.report().callSites().stream().collect(Collectors.groupingBy(
          Report.Site::rule, TreeMap::new, Collectors.summingLong(Report.Site::count)));

      assertThat(counted).as(run.stderr()).isEqualTo(GoldenPathCallSites.callsPerRule(USERS));
    }

    @Test
    void eachLegacyCallSiteIsARewrittenSiteInBootInfClassesCountedOncePerRun() {
      assertThat(run.report().callSites()).as(run.stderr())
          .extracting(Report.Site::className, Report.Site::rule, Report.Site::count, Report.Site::stage,
              Report.Site::codeSource, Report.Site::viaGiven)
          .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
              .map(site -> tuple(site.className(), site.ruleId(), (long) USERS, Shim.SHIPPED_STAGES.get(site.ruleId()),
                  run.printed().get("boot.applicationCodeSource"), false))
              .toList());
    }

    @Test
    void theExitSummaryCountsSixRulesElevenSitesAndEveryCall() {
      long calls = 11L * USERS;
      assertThat(run.agentLines()).as(run.stderr())
          .anySatisfy(l -> assertThat(l).startsWith("legacy call sites: 6 rules, 11 sites (0 never called), "
              + calls + " calls"));
    }
  }

  /** A rules file that repeats one shipped rule's id with another stage: it overrides that rule only. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WithARulesFileOverridingOneShippedRule {
    private BootRun run;
    private Path rulesFile;

    @BeforeAll
    void twoHundredUsersChatUnderTheAgentWithTheOverride(@TempDir Path dir) throws Exception {
      rulesFile = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
          + "  - id: ws-factory-create-manager\n"
          + "    legacy: com.example.ws.WebSocketManagerFactory#createManager(com.example.ws.UserExecutionContext)\n"
          + "    replacement: com.example.ws.UnifiedWebSocketManager#createForUser(com.example.ws.UserExecutionContext)\n"
          + "    stage: warn\n"
          + "    message: The planner moves to UnifiedWebSocketManager.createForUser this sprint\n");
      run = run(dir, List.of(agent(dir, ",rules=" + rulesFile)));
    }

    @Test
    void everyUserStillReceivesExactlyItsOwnFiveEventsInOrder() {
      assertThat(run.users()).hasSize(USERS);
      assertEachUserReceivedExactlyItsOwnRunInOrder(run.users());
    }

    @Test
    void theOverriddenRuleWarnsFromTheRulesFileAndTheOthersKeepTheirShippedStages() {
      Map<String, String> expected = new LinkedHashMap<>(Shim.SHIPPED_STAGES);
      expected.put("ws-factory-create-manager", "warn");

      assertThat(run.report().rules()).as(run.stderr()).extracting(Report.Rule::id, Report.Rule::stage)
          .containsExactlyInAnyOrderElementsOf(expected.entrySet().stream()
              .map(e -> tuple(e.getKey(), e.getValue())).toList());
      assertThat(run.report().rule("ws-factory-create-manager").source()).isEqualTo(rulesFile.toString());
      for (String rule : Shim.SHIPPED_STAGES.keySet()) {
        assertThat(run.report().rule(rule).resolvedIn()).as("resolvedIn of %s", rule).singleElement()
            .extracting(Report.Resolution::codeSource).isEqualTo(run.printed().get("boot.shimCodeSource"));
      }
    }

    @Test
    void thePlannersSiteWarnsOnceAndCountsEveryCallAtWarn() {
      String planner = Planner.class.getName();
      List<String> warnings = run.agentLines().stream().filter(l -> l.startsWith("WARN ")).toList();

      assertThat(warnings).as(run.stderr()).singleElement().asString()
          .contains(" from " + planner + ".")
          .contains(" in " + run.printed().get("boot.applicationCodeSource") + " ")
          .contains("[rule ws-factory-create-manager]")
          .contains("The planner moves to UnifiedWebSocketManager.createForUser this sprint");
      assertThat(run.report().sitesOf("ws-factory-create-manager")).singleElement().satisfies(site -> {
        assertThat(site.className()).isEqualTo(planner);
        assertThat(site.stage()).isEqualTo("warn");
        assertThat(site.countsByStage()).isEqualTo(Map.of("warn", (long) USERS));
      });
      assertThat(run.report().callSites()).extracting(Report.Site::className, Report.Site::rule, Report.Site::count)
          .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
              .map(site -> tuple(site.className(), site.ruleId(), (long) USERS)).toList());
    }

    @Test
    void noRuleIsRefused() {
      assertThat(run.agentLines()).as(run.stderr())
          .noneMatch(l -> l.contains("does not exist") || l.contains("refused"));
    }
  }

  /**
   * A rules file with a class rule for each of the shim's legacy classes at {@code observe}, beside the method rules
   * the shim ships in {@code BOOT-INF/lib}: each class rule resolves in Spring Boot's loader against the nested shim
   * jar, and counts the uses no method rule sees (the legacy agent context built and its fields read, the legacy
   * adapter built, the registry's subclass of it) exactly, in {@code BOOT-INF/classes}.
   */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WithClassRulesBesideTheShippedMethodRules {
    private final Set<String> classRules =
        Set.of(LegacyClassUses.FACTORY_RULE, LegacyClassUses.ADAPTER_RULE, LegacyClassUses.CONTEXT_RULE);
    private BootRun run;

    @BeforeAll
    void twoHundredUsersChatUnderTheClassRules(@TempDir Path dir) throws Exception {
      Path rulesFile = Files.writeString(dir.resolve("rules.yaml"),
          LegacyClassUses.rulesFile("observe", "observe", "observe"));
      run = run(dir, List.of(agent(dir, ",rules=" + rulesFile)));
    }

    @Test
    void everyUserStillReceivesExactlyItsOwnFiveEventsInOrder() {
      assertThat(run.users()).hasSize(USERS);
      assertEachUserReceivedExactlyItsOwnRunInOrder(run.users());
    }

    @Test
    void eachClassRuleResolvesInSpringBootsLoaderAgainstTheNestedShimJar() {
      for (String rule : classRules) {
        assertThat(run.report().rule(rule).stage()).as(run.stderr()).isEqualTo("observe");
        assertThat(run.report().rule(rule).resolvedIn()).as("resolvedIn of %s", rule).singleElement()
            .satisfies(where -> {
              assertThat(where.codeSource()).isEqualTo(run.printed().get("boot.shimCodeSource"));
              assertThat(run.bootLoader().isNamedBy(where.loader()))
                  .as("%s names Spring Boot's loader %s", where.loader(), run.bootLoader()).isTrue();
            });
      }
    }

    @Test
    void eachNewFieldAndSubclassUseIsASiteInBootInfClassesCountedExactly() {
      assertThat(run.report().callSites()).as(run.stderr()).filteredOn(site -> classRules.contains(site.rule()))
          .extracting(Report.Site::rule, Report.Site::className, Report.Site::method, Report.Site::use,
              Report.Site::member, Report.Site::count, Report.Site::stage, Report.Site::codeSource,
              Report.Site::viaGiven)
          .containsExactlyInAnyOrderElementsOf(LegacyClassUses.USES.stream()
              .map(use -> tuple(use.ruleId(), use.className(), use.method(), use.use(), use.member(),
                  use.count(USERS), "observe", run.printed().get("boot.applicationCodeSource"), false))
              .toList());
      Map<String, Long> byUse = run.report().callSites().stream().filter(site -> classRules.contains(site.rule()))
          .collect(Collectors.groupingBy(site -> site.rule() + " " + site.use(), TreeMap::new,
              Collectors.summingLong(Report.Site::count)));
      assertThat(byUse).isEqualTo(Map.of(
          LegacyClassUses.CONTEXT_RULE + " new", 200L,
          LegacyClassUses.CONTEXT_RULE + " field-read", 600L,
          LegacyClassUses.ADAPTER_RULE + " new", 200L,
          LegacyClassUses.ADAPTER_RULE + " subclass", 1L));
    }

    @Test
    void theShippedMethodRulesKeepEveryFactoryCallAtTheirStages() {
      assertThat(run.report().callSites()).filteredOn(site -> !classRules.contains(site.rule()))
          .extracting(Report.Site::className, Report.Site::rule, Report.Site::count, Report.Site::stage)
          .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
              .map(site -> tuple(site.className(), site.ruleId(), (long) USERS, Shim.SHIPPED_STAGES.get(site.ruleId())))
              .toList());
    }

    @Test
    void theExitSummaryCountsNineRulesSeventeenSitesAndEveryCallAndUse() {
      long calls = 11L * USERS + (USERS + 3L * USERS + USERS + 1);
      assertThat(run.agentLines()).as(run.stderr())
          .anySatisfy(l -> assertThat(l).startsWith("legacy call sites: 9 rules, 17 sites (0 never called), "
              + calls + " calls"));
    }
  }

  /**
   * The same class rules at {@code redirect}, each naming its adapter in the nested shim jar
   * ({@link LegacyClassUses#adapterRulesFile}): each adapter resolves in Spring Boot's loader, every use with a
   * counterpart runs it from {@code BOOT-INF/classes} (the context's construction and both of its fields' reads, the
   * legacy adapter's construction), counted at {@code redirect}; the registry's subclass, which has none, at
   * {@code observe}.
   */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WithClassRulesAtRedirect {
    private final Set<String> classRules =
        Set.of(LegacyClassUses.FACTORY_RULE, LegacyClassUses.ADAPTER_RULE, LegacyClassUses.CONTEXT_RULE);
    private BootRun run;

    @BeforeAll
    void twoHundredUsersChatUnderTheClassRulesAtRedirect(@TempDir Path dir) throws Exception {
      Path rulesFile = Files.writeString(dir.resolve("rules.yaml"),
          LegacyClassUses.adapterRulesFile("redirect", LegacyClassUses.CONTEXT_ADAPTERS, ""));
      run = run(dir, List.of(agent(dir, ",rules=" + rulesFile)));
    }

    @Test
    void everyUserStillReceivesExactlyItsOwnFiveEventsInOrderAgentStartedFromTheUnifiedManager() {
      assertThat(run.users()).hasSize(USERS);
      assertEachUserReceivedExactlyItsOwnRunInOrder(run.users());
      // the context's adapter reads the run's unified manager, not the registry's adapter, which names the agent
      assertThat(run.users()).allSatisfy(user -> assertThat(user.received().get(0).payload()).containsOnlyKeys("text"));
    }

    @Test
    void eachClassRuleResolvesAtRedirectInSpringBootsLoaderAgainstTheNestedShimJar() {
      for (String rule : classRules) {
        assertThat(run.report().rule(rule).stage()).as(run.stderr()).isEqualTo("redirect");
        assertThat(run.report().rule(rule).resolvedIn()).as("resolvedIn of %s", rule).singleElement()
            .satisfies(where -> {
              assertThat(where.codeSource()).isEqualTo(run.printed().get("boot.shimCodeSource"));
              assertThat(run.bootLoader().isNamedBy(where.loader()))
                  .as("%s names Spring Boot's loader %s", where.loader(), run.bootLoader()).isTrue();
            });
      }
      assertThat(run.agentLines()).as(run.stderr()).noneMatch(l -> l.contains("refused"));
    }

    @Test
    void eachUseWithACounterpartIsCountedAtRedirectInBootInfClassesAndTheSubclassAtObserve() {
      assertThat(run.report().callSites()).as(run.stderr()).filteredOn(site -> classRules.contains(site.rule()))
          .extracting(Report.Site::rule, Report.Site::className, Report.Site::method, Report.Site::use,
              Report.Site::member, Report.Site::stage, Report.Site::countsByStage, Report.Site::codeSource)
          .containsExactlyInAnyOrderElementsOf(LegacyClassUses.USES.stream()
              .map(use -> {
                String stage = use.use().equals("subclass") ? "observe" : "redirect";
                return tuple(use.ruleId(), use.className(), use.method(), use.use(), use.member(), stage,
                    Map.of(stage, use.count(USERS)), run.printed().get("boot.applicationCodeSource"));
              })
              .toList());
    }

    @Test
    void theShippedMethodRulesKeepEveryFactoryCallAtTheirStages() {
      assertThat(run.report().callSites()).filteredOn(site -> !classRules.contains(site.rule()))
          .extracting(Report.Site::className, Report.Site::rule, Report.Site::count, Report.Site::stage)
          .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
              .map(site -> tuple(site.className(), site.ruleId(), (long) USERS, Shim.SHIPPED_STAGES.get(site.ruleId())))
              .toList());
    }
  }

  /**
   * A Spring Boot context whose bean calls the legacy API from its {@code destroy()}, which Spring Boot's shutdown
   * hook runs when the JVM exits (here on SIGTERM), beside the agent's own hook.
   */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WithABeanThatCallsTheLegacyApiWhileSpringBootClosesItsContext {
    private static final int SHUTDOWN_CALLS = 1000;
    private static final int FEW_USERS = 3;
    private BootRun run;

    @BeforeAll
    void aFewUsersChatThenTheServerIsStopped(@TempDir Path dir) throws Exception {
      run = run(dir, List.of(agent(dir, ""), "-Dboot.shutdownCalls=" + SHUTDOWN_CALLS), FEW_USERS);
    }

    @Test
    void theReportWrittenAtExitCountsEveryCallTheBeanMadeWhileSpringClosedItsContext() {
      assertThat(run.printed()).as(run.stderr()).containsEntry("boot.springContext", "started")
          .containsEntry("boot.shutdownCallsMade", String.valueOf(SHUTDOWN_CALLS));
      assertThat(run.report().callSites()).as(run.stderr())
          .filteredOn(site -> site.className().equals("dev.sunset.deployment.boot.LegacyOnShutdown"))
          .singleElement().satisfies(site -> {
            assertThat(site.rule()).isEqualTo("ws-factory-get-factory");
            assertThat(site.method()).isEqualTo("destroy");
            assertThat(site.count()).isEqualTo(SHUTDOWN_CALLS);
          });
    }

    @Test
    void theTableAtExitCountsWhatTheReportCounts() {
      long reportCalls = run.report().callSites().stream().mapToLong(Report.Site::count).sum();

      assertThat(reportCalls).isEqualTo(11L * FEW_USERS + SHUTDOWN_CALLS);
      assertThat(run.agentLines()).as(run.stderr()).anySatisfy(l -> assertThat(l)
          .startsWith("legacy call sites: 6 rules, 12 sites (0 never called), " + reportCalls + " calls"));
    }
  }
}
