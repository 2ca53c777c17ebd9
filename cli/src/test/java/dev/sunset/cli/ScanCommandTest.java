package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sites(Path json) throws Exception {
    return (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(json)).get("callSites");
  }

  private static String key(Map<String, Object> site) {
    return site.get("rule") + " " + site.get("class") + "." + site.get("method") + ":" + site.get("line");
  }

  @Test
  void theChatAppsJarsGivenTogetherShowEveryLegacyCallSiteUnderTheShippedRules() throws Exception {
    Path json = dir.resolve("scan.json");

    CliRun run = CliRun.of("scan", "--format", "json", "-o", json.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> root = JSON.std.mapFrom(Files.readString(json));
    assertThat(root.get("format")).isEqualTo("sunset-scan/1");
    assertThat(root.keySet()).containsSubsequence("format", "generatedAt", "rules", "callSites").contains("artifacts");
    // the six rules the shim ships, resolved in the class path the two jars form
    assertThat((List<Map<String, Object>>) root.get("rules")).extracting(r -> r.get("id") + " " + r.get("resolution"))
        .containsExactlyInAnyOrder("ws-factory-create-for-user resolved", "ws-factory-create-manager resolved",
            "ws-factory-create-websocket-manager resolved", "ws-factory-get-factory resolved",
            "ws-manager-send-event resolved", "ws-manager-send-tool-executing resolved");
    List<Map<String, Object>> sites = sites(json);
    assertThat(sites).allSatisfy(s -> {
      assertThat((String) s.get("class")).startsWith("dev.sunset.examples.chat.");
      assertThat(s.get("codeSource")).isEqualTo(ChatApp.jar().toString());
      assertThat((String) s.get("file")).endsWith(".java");
      assertThat(((Number) s.get("line")).intValue()).isPositive();
      assertThat((String) s.get("descriptor")).startsWith("(");
    });
    // every legacy call in the chat app's sources, each on its line (examples/chat-app/README.md lists them)
    assertThat(sites).extracting(s -> s.get("rule") + " " + s.get("class") + ":" + s.get("line"))
        .containsExactlyInAnyOrderElementsOf(SourceCalls.inChatAppSources());
    assertThat(run.err()).contains("11 call sites of 6 rules");
  }

  @Test
  void theSpringBootJarHasTheSameSitesInBootInfClassesAndResolvesInItsOwnLibraries() throws Exception {
    Path plain = dir.resolve("plain.json");
    Path boot = dir.resolve("boot.json");
    assertThat(CliRun.of("scan", "--format", "json", "-o", plain.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString()).exitCode()).isZero();

    CliRun run = CliRun.of("scan", "--format", "json", "-o", boot.toString(), ChatApp.bootJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(sites(boot)).extracting(ScanCommandTest::key)
        .containsExactlyInAnyOrderElementsOf(sites(plain).stream().map(ScanCommandTest::key).toList());
    assertThat(sites(boot)).extracting(s -> s.get("codeSource")).containsOnly(ChatApp.bootJar() + "!/BOOT-INF/classes");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules = (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(boot)).get("rules");
    assertThat(rules).allSatisfy(r -> {
      assertThat((String) r.get("source")).startsWith(ChatApp.bootJar() + "!/BOOT-INF/lib/sunset-shim-")
          .endsWith(".jar!/META-INF/sunset/rules.yaml");
      assertThat(r.get("resolvedIn").toString()).contains("scope=" + ChatApp.bootJar());
    });
  }

  @Test
  void theTableNamesRuleFileLineCallerAndJar() throws Exception {
    CliRun run = CliRun.of("scan", ChatApp.jar().toString(), ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.outLines().get(0)).startsWith("RULE").contains("LOCATION", "CALLER", "CODE SOURCE");
    assertThat(run.outLines()).hasSize(12).anySatisfy(l -> assertThat(l)
        .matches("ws-factory-create-websocket-manager +ToolDispatcher\\.java:\\d+ +"
            + "dev\\.sunset\\.examples\\.chat\\.agents\\.tools\\.ToolDispatcher\\.dispatch +.*sunset-chat-app.*\\.jar"));
  }

  @Test
  void aUserRuleReplacesTheShippedRuleWithTheSameIdAndAddsItsOwn() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
        + "  - id: ws-factory-get-factory\n"
        + "    legacy: com.example.ws.WebSocketManagerFactory#getWebSocketManagerFactory()\n"
        + "    stage: deny\n"
        + "  - id: chat-client-connect\n"
        + "    legacy: dev.sunset.examples.chat.client.ChatClient#connect(java.net.http.HttpClient, java.net.URI,"
        + " java.lang.String, java.time.Duration)\n");
    Path json = dir.resolve("scan.json");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", json.toString(),
        ChatApp.jar().toString(), ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> ruleList = (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(json)).get("rules");
    assertThat(ruleList).filteredOn(r -> r.get("id").equals("ws-factory-get-factory"))
        .singleElement().satisfies(r -> {
          assertThat(r.get("stage")).isEqualTo("deny");
          assertThat(r.get("source")).isEqualTo(rules.toString());
        });
    assertThat(sites(json)).filteredOn(s -> s.get("rule").equals("chat-client-connect"))
        .extracting(s -> s.get("class")).containsOnly("dev.sunset.examples.chat.DemoDriver").isNotEmpty();
  }

  @Test
  void aMissingPathIsBadInputNamedOnOneLine() {
    Path missing = dir.resolve("missing.jar");

    CliRun run = CliRun.of("scan", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset scan: " + missing + ": does not exist");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aFolderThatIsNotAnArtifactIsBadInput() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(folder.resolve("notes.md"), "# not an artifact");

    CliRun run = CliRun.of("scan", folder.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset scan: " + folder
        + ": is a folder with no class files, jars or wars in it");
  }

  @Test
  void aFileThatIsNotAJarIsBadInput() throws Exception {
    Path text = Files.writeString(dir.resolve("app.jar"), "not a zip");

    CliRun run = CliRun.of("scan", text.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("sunset scan: " + text + ": is not a jar, a war or a class folder");
  }

  @Test
  void malformedYamlRulesAreBadInputWithTheirPosition() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: [unclosed\n");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), ChatApp.jar().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("sunset scan: " + rules + ": not valid YAML at line ");
  }

  @Test
  void aRuleTheReaderRefusesIsBadInputNamingFileLineAndRule() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
        + "  - id: shout\n    legacy: com.acme.Legacy#run()\n    stage: shout\n");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), ChatApp.jar().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset scan: " + rules
        + ":2: rule 'shout': refused: unknown stage 'shout' (known: observe, redirect, warn, deny)");
  }

  @Test
  void aMissingRulesFileIsBadInput() {
    Path rules = dir.resolve("nope.yaml");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), ChatApp.jar().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset scan: " + rules + ": does not exist");
  }

  @Test
  void noRulesAtAllIsBadInput() {
    CliRun run = CliRun.of("scan", ChatApp.jar().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("sunset scan: no --rules file given, and none");
  }

  @Test
  void anUnknownOptionIsBadInputOnOneLine() {
    CliRun run = CliRun.of("scan", "--frobnicate", ChatApp.jar().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(
        "sunset scan: Unknown option: '--frobnicate' (see 'sunset scan --help')");
  }

  @Test
  void helpAndVersionExitZeroAndTheHelpStatesTheExitCodesAndTheShippedRules() {
    CliRun help = CliRun.of("--help");
    CliRun version = CliRun.of("--version");
    CliRun scanHelp = CliRun.of("scan", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("scan", "check", "merge", "verdict", "attach", "Exit codes",
        "META-INF/sunset/rules.yaml", "  2  bad input");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("sunset 0.");
    assertThat(scanHelp.exitCode()).isZero();
    assertThat(scanHelp.out()).contains("--rules", "--format", "BOOT-INF", "WEB-INF", "Exit codes");
  }
}
