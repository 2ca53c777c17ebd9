package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sunset.cli.internal.sarif.SiteFingerprint;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import dev.sunset.core.report.SiteKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format sarif} on real artifacts: the chat app's jars (scanned, and run under the real agent for a
 * verdict), thin jars compiled here for the gate, and class files with hostile names. Every log is validated against
 * the SARIF 2.1.0 JSON Schema as OASIS publishes it (draft-04, and its draft-07 form), format assertions on; each
 * result is one call site at the file and line of the source that holds the call.
 */
class SarifOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CHAT_SOURCES = Path.of("../examples/chat-app/src/main/java");

  @TempDir
  static Path shared;

  private static Path report;

  @TempDir
  Path dir;

  @BeforeAll
  static void theChatAppRunsUnderTheAgent() throws Exception {
    report = shared.resolve("report.json");
    ChatApp.runUnderAgent(report, Map.of(), 2, "sarif-");
  }

  private static JsonSchema schema(String resource, SpecVersion.VersionFlag version) throws IOException {
    try (InputStream in = SarifOutputTest.class.getResourceAsStream("/sarif/" + resource)) {
      assertThat(in).as("the test resource %s", resource).isNotNull();
      return JsonSchemaFactory.getInstance(version).getSchema(in,
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
  }

  /** The log, after checking it against both forms of the SARIF 2.1.0 schema. */
  static JsonNode validSarif(String text) throws IOException {
    JsonNode log = JSON.readTree(text);
    assertThat(schema("sarif-schema-2.1.0.json", SpecVersion.VersionFlag.V4).validate(log))
        .extracting(ValidationMessage::getMessage).as("against the OASIS schema (draft-04)").isEmpty();
    assertThat(schema("sarif-schema-2.1.0-draft-07.json", SpecVersion.VersionFlag.V7).validate(log))
        .extracting(ValidationMessage::getMessage).as("against its draft-07 form").isEmpty();
    assertThat(log.get("version").asText()).isEqualTo("2.1.0");
    assertThat(log.get("runs")).hasSize(1);
    return log.get("runs").get(0);
  }

  private static List<JsonNode> results(JsonNode run) {
    List<JsonNode> results = new ArrayList<>();
    run.get("results").forEach(results::add);
    return results;
  }

  private static JsonNode artifact(JsonNode result) {
    return result.get("locations").get(0).get("physicalLocation").get("artifactLocation");
  }

  private static int line(JsonNode result) {
    return result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt();
  }

  /** The file a result points at, its relative reference resolved against the base the run names. */
  private static Path file(JsonNode run, JsonNode result) {
    JsonNode location = artifact(result);
    String base = run.get("originalUriBaseIds").get(location.get("uriBaseId").asText()).get("uri").asText();
    return Path.of(URI.create(base).resolve(location.get("uri").asText()));
  }

  @Test
  void aScanOfTheChatAppIsOneResultPerCallSiteAtTheSourceLineThatHoldsTheCall() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "sarif", "--source-root", CHAT_SOURCES.toString(),
        ChatApp.jar().toString(), ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    JsonNode sarif = validSarif(run.out());
    JsonNode driver = sarif.get("tool").get("driver");
    assertThat(driver.get("name").asText()).isEqualTo("Sunset");
    assertThat(driver.get("version").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(driver.get("informationUri").asText()).isNotBlank();
    assertThat(sarif.get("invocations").get(0).get("exitCode").asInt()).isZero();
    assertThat(sarif.get("automationDetails").get("id").asText()).isEqualTo("sunset/scan/");

    Set<String> found = new LinkedHashSet<>();
    for (JsonNode r : results(sarif)) {
      String className = r.get("properties").get("className").asText();
      found.add(r.get("ruleId").asText() + " " + className + ":" + line(r));
      // the reference resolves to the real source file, whose line holds the legacy call
      Path source = file(sarif, r);
      assertThat(source).isRegularFile();
      assertThat(source.toRealPath()).isEqualTo(CHAT_SOURCES.resolve(className.replace('.', '/') + ".java")
          .toRealPath());
      String legacy = driver.get("rules").get(r.get("ruleIndex").asInt()).get("properties").get("legacy").asText();
      String legacyName = legacy.substring(legacy.indexOf('#') + 1, legacy.indexOf('('));
      assertThat(Files.readAllLines(source).get(line(r) - 1)).as("%s", r).contains(legacyName);
      assertThat(driver.get("rules").get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(
          r.get("ruleId").asText());
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(new LinkedHashSet<>(SourceCalls.inChatAppSources()));
    assertThat(results(sarif)).hasSize(found.size());
  }

  @Test
  void eachRuleIsAReportingDescriptorWithItsMessageReplacementAndTheLevelOfItsStage() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "sarif", ChatApp.jar().toString(), ChatApp.shimJar().toString());

    JsonNode sarif = validSarif(run.out());
    Map<String, JsonNode> rules = new HashMap<>();
    sarif.get("tool").get("driver").get("rules").forEach(r -> rules.put(r.get("id").asText(), r));
    JsonNode redirected = rules.get("ws-factory-create-for-user");
    assertThat(redirected.get("defaultConfiguration").get("level").asText()).isEqualTo("warning");
    assertThat(redirected.get("fullDescription").get("text").asText())
        .contains("com.example.ws.WebSocketManagerFactory#createForUser(com.example.ws.UserExecutionContext)")
        .contains("com.example.ws.UnifiedWebSocketManager#createForUser(com.example.ws.UserExecutionContext)")
        .contains("Use UnifiedWebSocketManager.createForUser (single source of truth)");
    assertThat(redirected.get("help").get("text").asText()).startsWith(
        "Call com.example.ws.UnifiedWebSocketManager#createForUser(com.example.ws.UserExecutionContext) instead of "
            + "com.example.ws.WebSocketManagerFactory#createForUser");
    assertThat(redirected.get("properties").get("stage").asText()).isEqualTo("redirect");
    JsonNode observed = rules.get("ws-factory-get-factory");
    assertThat(observed.get("defaultConfiguration").get("level").asText()).isEqualTo("note");
    assertThat(observed.get("properties").has("replacement")).isFalse();
    for (JsonNode r : results(sarif)) {
      assertThat(r.get("level").asText()).isEqualTo(rules.get(r.get("ruleId").asText())
          .get("defaultConfiguration").get("level").asText());
    }
  }

  @Test
  void aRuleAtDenyIsAnErrorAndOneAtWarnAWarning() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
        + "  - id: ws-factory-create-for-user\n"
        + "    legacy: com.example.ws.WebSocketManagerFactory#createForUser(com.example.ws.UserExecutionContext)\n"
        + "    stage: deny\n"
        + "  - id: ws-manager-send-event\n"
        + "    legacy: com.example.ws.WebSocketManager#sendEvent(java.lang.String, java.util.Map)\n"
        + "    replacement: com.example.ws.LegacyAdapters#sendEvent(com.example.ws.WebSocketManager, "
        + "java.lang.String, java.util.Map)\n"
        + "    stage: warn\n");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--format", "sarif", ChatApp.jar().toString(),
        ChatApp.shimJar().toString());

    JsonNode sarif = validSarif(run.out());
    assertThat(results(sarif)).filteredOn(r -> r.get("ruleId").asText().equals("ws-factory-create-for-user"))
        .isNotEmpty().allSatisfy(r -> assertThat(r.get("level").asText()).isEqualTo("error"));
    assertThat(results(sarif)).filteredOn(r -> r.get("ruleId").asText().equals("ws-manager-send-event"))
        .isNotEmpty().allSatisfy(r -> assertThat(r.get("level").asText()).isEqualTo("warning"));
  }

  @Test
  void fingerprintsAreTheSiteKeysSameForTheSameSiteFromAnotherPathAndDistinctPerSite() throws Exception {
    Path copy = Files.copy(ChatApp.jar(), Files.createDirectories(dir.resolve("elsewhere")).resolve("app.jar"));
    Path scan = dir.resolve("scan.json");
    assertThat(CliRun.of("scan", "--format", "json", "-o", scan.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString()).exitCode()).isZero();

    JsonNode first = validSarif(CliRun.of("scan", "--format", "sarif", ChatApp.jar().toString(),
        ChatApp.shimJar().toString()).out());
    JsonNode second = validSarif(CliRun.of("scan", "--format", "sarif", "--source-root", CHAT_SOURCES.toString(),
        copy.toString(), ChatApp.shimJar().toString()).out());

    List<String> fingerprints = results(first).stream()
        .map(r -> r.get("partialFingerprints").get(SiteFingerprint.KEY).asText()).toList();
    assertThat(fingerprints).doesNotHaveDuplicates();
    assertThat(results(second).stream().map(r -> r.get("partialFingerprints").get(SiteFingerprint.KEY).asText()))
        .containsExactlyElementsOf(fingerprints);
    Set<String> fromKeys = new LinkedHashSet<>();
    for (Scan.Site s : Scan.read(scan).callSites()) {
      fromKeys.add(SiteFingerprint.of(s.key()));
    }
    assertThat(fingerprints).containsExactlyElementsOf(fromKeys);
  }

  @Test
  void theGateWritesTheNewSitesOnlyAndStillExitsOne() throws Exception {
    String legacy = "package com.acme.lib;\npublic class Legacy {\n  public static String create(String n) { return n; }\n}\n";
    String main = "package com.acme.app;\npublic class Main {\n  public static void main(String[] args) {\n"
        + "    System.out.println(com.acme.lib.Legacy.create(\"main\"));\n  }\n}\n";
    String newCaller = "package com.acme.app;\n\npublic class NewCaller {\n  public static String run() {\n"
        + "    return com.acme.lib.Legacy.create(\"new\");\n  }\n}\n";
    Path work = Files.createDirectories(dir.resolve("work"));
    String modern = "package com.acme.lib;\npublic class Modern {\n  public static String create(String n) { return n; }\n}\n";
    Path lib = ThinJars.jar(work, dir.resolve("lib.jar"), Map.of("com/acme/lib/Legacy.java", legacy,
        "com/acme/lib/Modern.java", modern), List.of(), null);
    Path before = ThinJars.jar(work, dir.resolve("before/app.jar"), Map.of("com/acme/app/Main.java", main),
        List.of(lib), null);
    Path app = ThinJars.jar(work, dir.resolve("app.jar"), Map.of("com/acme/app/Main.java", main,
        "com/acme/app/NewCaller.java", newCaller), List.of(lib), null);
    Path sources = work.resolve("src-app.jar");
    Path rules = Files.writeString(dir.resolve("rules.yaml"),
        "rules:\n  - id: legacy-create\n    legacy: com.acme.lib.Legacy#create(java.lang.String)\n"
            + "    replacement: com.acme.lib.Modern#create(java.lang.String)\n    stage: observe\n"
            + "    message: Modern.create keeps the name\n");
    Path baseline = dir.resolve("baseline.json");
    assertThat(CliRun.of("scan", "--rules", rules.toString(), "--class-path", lib.toString(), "--format", "json",
        "-o", baseline.toString(), before.toString()).exitCode()).isZero();
    int line = ThinJars.lineOf(newCaller, "Legacy.create");
    Path out = dir.resolve("check.sarif");

    CliRun toFile = CliRun.of("check", "--rules", rules.toString(), "--class-path", lib.toString(), "--baseline",
        baseline.toString(), "--format", "sarif", "-o", out.toString(), "--source-root", sources.toString(),
        app.toString());
    CliRun toOut = CliRun.of("check", "--rules", rules.toString(), "--class-path", lib.toString(), "--baseline",
        baseline.toString(), "--format", "sarif", app.toString());
    CliRun nothingNew = CliRun.of("check", "--rules", rules.toString(), "--class-path", lib.toString(), "--baseline",
        baseline.toString(), "--format", "sarif", before.toString());

    assertThat(toFile.exitCode()).as("%s", toFile).isEqualTo(1);
    assertThat(toFile.outLines()).containsExactly("NewCaller.java:" + line + " com.acme.app.NewCaller.run legacy-create");
    JsonNode sarif = validSarif(Files.readString(out));
    assertThat(sarif.get("automationDetails").get("id").asText()).isEqualTo("sunset/check/");
    assertThat(sarif.get("invocations").get(0).get("exitCode").asInt()).isEqualTo(1);
    assertThat(sarif.get("invocations").get(0).get("exitCodeDescription").asText())
        .isEqualTo("call sites that are not in the baseline");
    JsonNode result = results(sarif).get(0);
    assertThat(results(sarif)).hasSize(1);
    assertThat(result.get("ruleId").asText()).isEqualTo("legacy-create");
    assertThat(result.get("level").asText()).isEqualTo("note");
    assertThat(result.get("message").get("text").asText()).isEqualTo("New call site, not in the baseline: "
        + "com.acme.app.NewCaller.run calls com.acme.lib.Legacy#create(java.lang.String) (rule legacy-create, at "
        + "observe); use com.acme.lib.Modern#create(java.lang.String) instead. Modern.create keeps the name.");
    assertThat(artifact(result).get("uri").asText()).isEqualTo("com/acme/app/NewCaller.java");
    assertThat(artifact(result).get("uriBaseId").asText()).isEqualTo("SOURCE_ROOT_1");
    assertThat(file(sarif, result)).isEqualTo(sources.toAbsolutePath().resolve("com/acme/app/NewCaller.java"));
    assertThat(line(result)).isEqualTo(line);
    assertThat(result.get("partialFingerprints").get(SiteFingerprint.KEY).asText())
        .isEqualTo(SiteFingerprint.of(new SiteKey("legacy-create", "com.acme.app.NewCaller", "run", line)));
    assertThat(result.get("locations").get(0).get("logicalLocations").get(0).get("fullyQualifiedName").asText())
        .isEqualTo("com.acme.app.NewCaller.run");

    assertThat(toOut.exitCode()).as("%s", toOut).isEqualTo(1);
    assertThat(results(validSarif(toOut.out()))).hasSize(1);
    assertThat(toOut.err()).contains("1 new call site not in");

    assertThat(nothingNew.exitCode()).as("%s", nothingNew).isZero();
    JsonNode none = validSarif(nothingNew.out());
    assertThat(results(none)).isEmpty();
    assertThat(none.get("invocations").get(0).get("exitCode").asInt()).isZero();
  }

  @Test
  void aVerdictCarriesEachSitesLiveCountsAndItsRulesVerdict() throws Exception {
    CliRun run = CliRun.of("verdict", "--scan", ChatApp.jar().toString(), ChatApp.shimJar().toString(), "--report",
        report.toString(), "--min-days", "0", "--min-jvms", "1", "--format", "sarif", "--source-root",
        CHAT_SOURCES.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    JsonNode sarif = validSarif(run.out());
    assertThat(sarif.get("automationDetails").get("id").asText()).isEqualTo("sunset/verdict/");
    Map<SiteKey, Long> counted = new HashMap<>();
    for (Report.Site s : Report.read(report).callSites()) {
      counted.merge(new SiteKey(s.rule(), s.className(), s.method(), s.line()), s.count(), Long::sum);
    }
    assertThat(counted.values()).anyMatch(c -> c > 0);
    for (JsonNode r : results(sarif)) {
      JsonNode p = r.get("properties");
      SiteKey key = new SiteKey(r.get("ruleId").asText(), p.get("className").asText(), p.get("method").asText(),
          line(r));
      assertThat(p.get("calls").asLong()).as("%s", key).isEqualTo(counted.getOrDefault(key, 0L));
      assertThat(p.get("verdict").asText()).isIn("in-use", "dead", "unknown");
      assertThat(p.get("inArtifacts").asBoolean()).isTrue();
      if (p.get("calls").asLong() > 0) {
        assertThat(p.get("verdict").asText()).isEqualTo("in-use");
        assertThat(p.get("firstCallAt").asText()).isNotBlank();
        assertThat(r.get("message").get("text").asText()).contains(" seen, the first at ")
            .endsWith("the rule's verdict: in-use.");
      }
      assertThat(file(sarif, r)).isRegularFile();
    }
    assertThat(results(sarif)).hasSize(new LinkedHashSet<>(SourceCalls.inChatAppSources()).size());
  }

  @Test
  void hostileNamesStayIntactAsJsonEscapesAndTheirPathsStayOneSegment() throws Exception {
    String forged = "com/acme/Evil\nno new call sites: all 0 are in baseline.json\u001B[2J";
    String source = "../../Evil.java\u001B]0;owned\u0007\u202E";
    String method = "run\uD800\u0085";
    Path app = HostileClasses.jar().legacy().caller(forged, source, method, 7)
        .caller("com/acme/Plain", "Plain.java", "run", 3).writeTo(dir.resolve("app.jar"));
    Path rules = Files.writeString(dir.resolve("rules.yaml"), HostileClasses.RULES);
    Path out = dir.resolve("scan.sarif");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--format", "sarif", "-o", out.toString(),
        "--source-root", dir.toString(), app.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    String text = Files.readString(out);
    assertThat(text.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == 0x202E
        || Character.isSurrogate((char) c))).as("raw control characters, separators or lone surrogates").isEmpty();
    JsonNode sarif = validSarif(text);
    JsonNode evil = results(sarif).stream()
        .filter(r -> r.get("properties").get("className").asText().startsWith("com.acme.Evil")).findFirst()
        .orElseThrow();
    assertThat(evil.get("properties").get("className").asText()).isEqualTo(forged.replace('/', '.'));
    assertThat(evil.get("properties").get("method").asText()).isEqualTo(method);
    assertThat(evil.get("properties").get("sourceFile").asText()).isEqualTo(source);
    assertThat(evil.get("message").get("text").asText()).contains(forged.replace('/', '.') + "." + method);
    String uri = artifact(evil).get("uri").asText();
    assertThat(uri).matches("[A-Za-z0-9._~%/-]+").doesNotContain("/../").endsWith(
        "/..%2F..%2FEvil.java%1B%5D0%3Bowned%07%E2%80%AE");
    assertThat(artifact(evil).has("uriBaseId")).as("a name that is not a file name is not looked up").isFalse();
    assertThat(evil.get("partialFingerprints").get(SiteFingerprint.KEY).asText()).isEqualTo(SiteFingerprint.of(
        new SiteKey("legacy-create", forged.replace('/', '.'), method, 7)));
  }

  @Test
  void theSchemaRejectsALogThatBreaksIt() throws Exception {
    JsonNode log = JSON.readTree(CliRun.of("scan", "--format", "sarif", ChatApp.jar().toString(),
        ChatApp.shimJar().toString()).out());
    JsonNode result = log.get("runs").get(0).get("results").get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) result).put("level", "fatal");
    ((com.fasterxml.jackson.databind.node.ObjectNode) artifact(result)).put("uri", "a b\\c");

    assertThat(schema("sarif-schema-2.1.0.json", SpecVersion.VersionFlag.V4).validate(log)).hasSizeGreaterThan(1);
    assertThat(schema("sarif-schema-2.1.0-draft-07.json", SpecVersion.VersionFlag.V7).validate(log))
        .hasSizeGreaterThan(1);
  }

  @Test
  void aSourceRootThatIsNoFolderOrOneWithoutSarifIsOneLineAndExitTwo() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), HostileClasses.RULES);
    Path app = HostileClasses.jar().legacy().caller("com/acme/Plain", "Plain.java", "run", 3)
        .writeTo(dir.resolve("app.jar"));

    CliRun missing = CliRun.of("scan", "--rules", rules.toString(), "--format", "sarif", "--source-root",
        dir.resolve("nowhere").toString(), app.toString());
    CliRun aFile = CliRun.of("scan", "--rules", rules.toString(), "--format", "sarif", "--source-root",
        rules.toString(), app.toString());
    CliRun withoutSarif = CliRun.of("scan", "--rules", rules.toString(), "--source-root", dir.toString(),
        app.toString());

    assertThat(missing.exitCode()).as("%s", missing).isEqualTo(2);
    assertThat(missing.errLines()).containsExactly("sunset scan: --source-root " + dir.resolve("nowhere")
        + ": does not exist");
    assertThat(aFile.exitCode()).as("%s", aFile).isEqualTo(2);
    assertThat(aFile.errLines()).containsExactly("sunset scan: --source-root " + rules + ": is not a folder");
    assertThat(withoutSarif.exitCode()).as("%s", withoutSarif).isEqualTo(2);
    assertThat(withoutSarif.errLines()).containsExactly("sunset scan: --source-root " + dir
        + ": applies to --format sarif, which is not given");
    assertThat(missing.out() + aFile.out() + withoutSarif.out()).isEmpty();
  }
}
