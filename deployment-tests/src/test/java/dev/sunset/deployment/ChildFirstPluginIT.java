package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.testing.FixtureJars;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host application loads a plugin jar that bundles its own copy of the shim (with its rules) in a child-first class
 * loader. With the shim on the host's class path too, two loaders define the legacy classes, each from its own jar,
 * and both the host's and the plugin's legacy calls are redirected and counted, separately; without it, the plugin's
 * copy is the only one, and its rules are found in the plugin's loader alone. Fixtures:
 * {@code src/fixtures/plugin-host}, {@code plugin}.
 */
class ChildFirstPluginIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int HOST_CALLS = 3;
  private static final int PLUGIN_CALLS = 5;
  private static final String HOST = "com.acme.host.PluginHost";
  private static final String HOST_CALLER = "com.acme.host.HostOwnCalls";
  private static final String PLUGIN = "com.acme.plugin.GreetingPlugin";

  private static Path shim;
  private static Path hostClasses;
  private static Path pluginClasses;
  private static Path pluginJar;

  @BeforeAll
  static void buildTheHostAndThePlugin() throws IOException {
    shim = Shim.location();
    pluginClasses = Fixtures.classes("plugin", List.of("event-path", "probe"), List.of(shim));
    pluginJar = FixtureJars.jar(Build.fixtureWork().resolve("child-first-plugin-it").resolve("greeting-plugin.jar"),
        List.of(pluginClasses, shim));
    hostClasses = Fixtures.classes("plugin-host", List.of("event-path", "probe"), List.of(shim));
  }

  private static TestJvm.Result run(TestJvm jvm) throws Exception {
    return run(jvm, List.of(hostClasses, shim), HOST_CALLS);
  }

  private static TestJvm.Result run(TestJvm jvm, List<Path> hostClassPath, int hostCalls) throws Exception {
    TestJvm.Result r = jvm.classPath(hostClassPath).run(TIMEOUT, HOST, pluginJar.toString(),
        String.valueOf(hostCalls), String.valueOf(PLUGIN_CALLS));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static Tuple pluginSite(Path plugin, String rule, String owner, String called, String pluginJarUrl)
      throws IOException {
    return tuple(rule, PLUGIN, "apply", CallLines.lineOf(plugin, "apply", owner, called), pluginJarUrl,
        (long) PLUGIN_CALLS, "redirect", false);
  }

  @Test
  void withoutTheAgentHostAndPluginEachRunTheirOwnCopyOfTheLegacyCode() throws Exception {
    TestJvm.Result r = run(TestJvm.withoutAgent());

    assertThat(r.values())
        .containsEntry("host.path", Shim.LEGACY_SEND_EVENT).containsEntry("plugin.path", Shim.LEGACY_SEND_EVENT)
        .containsEntry("plugin.codeSource", pluginJar.toUri().toURL().toString())
        .containsEntry("plugin.shimCodeSource", pluginJar.toUri().toURL().toString())
        .containsEntry("host.shimCodeSource", shim.toUri().toURL().toString());
    assertThat(r.values().get("plugin.managerLoader")).isEqualTo(r.values().get("plugin.loader"));
    assertThat(LoaderId.parse(r.values().get("plugin.loader")).name()).isEqualTo("plugin");
  }

  /** Host and plugin under the agent, with the shim's shipped rules only. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WhenHostAndPluginEachHaveTheShim {
    private TestJvm.Result result;
    private Report report;

    @BeforeAll
    void theHostCallsThePlugin(@TempDir Path dir) throws Exception {
      Path reportFile = dir.resolve("report.json");
      result = run(TestJvm.withAgent("report=" + reportFile + ",summary=false"));
      report = Report.read(reportFile);
    }

    @Test
    void theHostsAndThePluginsLegacyCallsAreBothRedirectedEachWithinItsOwnCopyOfTheShim() {
      assertThat(result.values()).as(result.toString())
          .containsEntry("host.path", Shim.REDIRECTED_SEND_EVENT)
          .containsEntry("plugin.path", Shim.REDIRECTED_SEND_EVENT);
      assertThat(result.values().get("plugin.managerLoader")).as("the replacement the plugin got is its own copy's")
          .isEqualTo(result.values().get("plugin.loader"));
    }

    @Test
    void everyRuleResolvedInBothLoadersAgainstTheJarEachLoadedTheShimFrom() {
      LoaderId host = LoaderId.parse(result.values().get("host.loader"));
      LoaderId plugin = LoaderId.parse(result.values().get("plugin.loader"));

      assertThat(report.ruleIds()).as(result.toString())
          .containsExactlyInAnyOrderElementsOf(Shim.SHIPPED_STAGES.keySet());
      for (Report.Rule rule : report.rules()) {
        assertThat(rule.resolvedIn()).as("resolvedIn of %s", rule.id()).hasSize(2)
            .anySatisfy(where -> {
              assertThat(where.codeSource()).isEqualTo(result.values().get("host.shimCodeSource"));
              assertThat(host.isNamedBy(where.loader())).as("%s names %s", where.loader(), host).isTrue();
            })
            .anySatisfy(where -> {
              assertThat(where.codeSource()).isEqualTo(result.values().get("plugin.shimCodeSource"));
              assertThat(plugin.isNamedBy(where.loader())).as("%s names %s", where.loader(), plugin).isTrue();
            });
      }
    }

    @Test
    void theHostsAndThePluginsCallSitesAreCountedSeparately() throws Exception {
      Path host = hostClasses.resolve("com/acme/host/HostOwnCalls.class");
      Path plugin = pluginClasses.resolve("com/acme/plugin/GreetingPlugin.class");
      String hostFolder = result.values().get("host.codeSource");
      String pluginJarUrl = result.values().get("plugin.codeSource");

      assertThat(report.callSites()).as(result.toString())
          .extracting(Report.Site::rule, Report.Site::className, Report.Site::method, Report.Site::line,
              Report.Site::codeSource, Report.Site::count, Report.Site::stage, Report.Site::viaGiven)
          .containsExactlyInAnyOrder(
              tuple("ws-factory-get-factory", HOST_CALLER, "announce",
                  CallLines.lineOf(host, "announce", Shim.FACTORY, "getWebSocketManagerFactory"), hostFolder,
                  (long) HOST_CALLS, "observe", false),
              tuple("ws-factory-create-for-user", HOST_CALLER, "announce",
                  CallLines.lineOf(host, "announce", Shim.FACTORY, "createForUser"), hostFolder, (long) HOST_CALLS,
                  "redirect", false),
              tuple("ws-manager-send-event", HOST_CALLER, "announce",
                  CallLines.lineOf(host, "announce", Shim.MANAGER, "sendEvent"),
                  hostFolder, (long) HOST_CALLS, "redirect", false),
              pluginSite(plugin, "ws-factory-create-websocket-manager", Shim.FACTORY, "createWebSocketManager",
                  pluginJarUrl),
              pluginSite(plugin, "ws-manager-send-event", Shim.MANAGER, "sendEvent", pluginJarUrl));
    }
  }

  /** A host without the shim, making no legacy calls of its own: the plugin's copy of the shim is the only one. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class WhenOnlyThePluginBundlesTheShim {
    private TestJvm.Result result;
    private Report report;

    @BeforeAll
    void theHostCallsThePlugin(@TempDir Path dir) throws Exception {
      Path reportFile = dir.resolve("report.json");
      result = run(TestJvm.withAgent("report=" + reportFile + ",summary=false"), List.of(hostClasses), 0);
      report = Report.read(reportFile);
    }

    @Test
    void thePluginsLegacyCallsAreRedirected() {
      assertThat(result.values()).as(result.toString()).containsEntry("plugin.path", Shim.REDIRECTED_SEND_EVENT)
          .doesNotContainKey("host.path");
    }

    @Test
    void theRulesTheShimShipsInThePluginJarResolveInThePluginsLoaderAlone() {
      LoaderId plugin = LoaderId.parse(result.values().get("plugin.loader"));

      assertThat(report.ruleIds()).as(result.toString())
          .containsExactlyInAnyOrderElementsOf(Shim.SHIPPED_STAGES.keySet());
      for (Report.Rule rule : report.rules()) {
        assertThat(rule.resolvedIn()).as("resolvedIn of %s", rule.id()).singleElement().satisfies(where -> {
          assertThat(where.codeSource()).isEqualTo(pluginJar.toUri().toURL().toString());
          assertThat(plugin.isNamedBy(where.loader())).as("%s names %s", where.loader(), plugin).isTrue();
        });
      }
    }

    @Test
    void thePluginsCallSitesAreCountedExactly() throws Exception {
      Path plugin = pluginClasses.resolve("com/acme/plugin/GreetingPlugin.class");
      String pluginJarUrl = pluginJar.toUri().toURL().toString();

      assertThat(report.callSites()).as(result.toString())
          .extracting(Report.Site::rule, Report.Site::className, Report.Site::method, Report.Site::line,
              Report.Site::codeSource, Report.Site::count, Report.Site::stage, Report.Site::viaGiven)
          .containsExactlyInAnyOrder(
              pluginSite(plugin, "ws-factory-create-websocket-manager", Shim.FACTORY, "createWebSocketManager",
                  pluginJarUrl),
              pluginSite(plugin, "ws-manager-send-event", Shim.MANAGER, "sendEvent", pluginJarUrl));
    }
  }
}
