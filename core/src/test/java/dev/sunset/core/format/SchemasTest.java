package dev.sunset.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schemas of {@code docs/schemas} (2020-12) describe exactly what Sunset reads and writes: every golden
 * file, every example in the README and the docs and the shim's shipped rules are valid; what the readers write back
 * is valid; the enums are the records' enums; and what the rules reader refuses, the rules schema refuses too.
 */
class SchemasTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path SCHEMAS = ROOT.resolve("docs/schemas");
  private static final Path GOLDEN = Path.of("src/test/resources/dev/sunset/core/format");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
      .build();

  static JsonSchema schema(String name) throws IOException {
    return FACTORY.getSchema(Files.readString(SCHEMAS.resolve(name)), CONFIG);
  }

  static JsonSchema forFormat(String format) throws IOException {
    return switch (format) {
      case Formats.REPORT -> schema("sunset-report-1.schema.json");
      case Formats.SCAN -> schema("sunset-scan-1.schema.json");
      case Formats.VERDICT -> schema("sunset-verdict-1.schema.json");
      case Formats.TESTS -> schema("sunset-tests-1.schema.json");
      default -> throw new AssertionError("no schema for " + format);
    };
  }

  private static List<String> errors(JsonSchema schema, JsonNode node) {
    return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sunset-rules.schema.json", "sunset-report-1.schema.json", "sunset-scan-1.schema.json",
      "sunset-verdict-1.schema.json", "sunset-tests-1.schema.json"})
  void eachSchemaIsAValidJsonSchemaOf2020(String name) throws IOException {
    JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    JsonNode schema = JSON.readTree(SCHEMAS.resolve(name).toFile());

    assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(errors(meta, schema)).as(name).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"report.json", "merged-report.json", "report-before-runs.json", "scan.json",
      "scan-before-artifacts.json", "verdict.json", "verdict-before-evidence.json"})
  void everyGoldenFileAndWhatItsReaderWritesBackIsValid(String golden) throws Exception {
    Path file = GOLDEN.resolve(golden);
    JsonNode node = JSON.readTree(file.toFile());
    String format = node.get("format").asText();
    Document read = Document.read(file);
    String written = read instanceof Report r ? r.toJson() : read instanceof Scan s ? s.toJson()
        : ((Verdict) read).toJson();

    assertThat(errors(forFormat(format), node)).as(golden).isEmpty();
    assertThat(errors(forFormat(format), JSON.readTree(written))).as("%s written back", golden).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tests.json", "tests-before-uses.json"})
  void theGoldenTestsFilesAndWhatTheirReaderWritesBackAreValid(String golden) throws Exception {
    Path file = GOLDEN.resolve(golden);
    JsonSchema schema = forFormat(Formats.TESTS);

    assertThat(errors(schema, JSON.readTree(file.toFile()))).as(golden).isEmpty();
    assertThat(errors(schema, JSON.readTree(TestSites.read(file).toJson()))).as("%s written back", golden).isEmpty();
  }

  @Test
  void everyOptionalFieldTheWritersWriteIsInTheSchemas() throws Exception {
    // the golden verdict with the fields only some verdicts have: Prometheus, a series cap, a renamed rule
    ObjectNode verdict = (ObjectNode) JSON.readTree(GOLDEN.resolve("verdict.json").toFile());
    ((ObjectNode) verdict.get("evidence")).put("prometheus", "http://prometheus:9090").put("window", "30d");
    ObjectNode rule = (ObjectNode) verdict.get("rules").get(0);
    rule.put("unattributedCalls", 5);
    rule.putArray("watchedAs").add("ws-create-for-user-old");
    String written = Verdict.parse(JSON.writeValueAsString(verdict), "verdict").toJson();

    assertThat(written).contains("\"unattributedCalls\"", "\"watchedAs\"", "\"prometheus\"", "\"window\"");
    assertThat(errors(forFormat(Formats.VERDICT), JSON.readTree(written))).isEmpty();
    assertThat(Report.read(GOLDEN.resolve("merged-report.json")).toJson()).contains("\"codeSources\"", "\"via\"",
        "\"calledThrough\"", "\"lastSeenAt\"", "\"mergedFrom\"", "\"schedule\"", "\"methodReference\"");
  }

  @Test
  void theSchemasEnumsAreTheFormatsOwn() throws IOException {
    JsonNode report = JSON.readTree(SCHEMAS.resolve("sunset-report-1.schema.json").toFile()).get("$defs");
    JsonNode verdict = JSON.readTree(SCHEMAS.resolve("sunset-verdict-1.schema.json").toFile());
    JsonNode rules = JSON.readTree(SCHEMAS.resolve("sunset-rules.schema.json").toFile()).get("$defs");

    assertThat(texts(report.get("stage").get("enum"))).containsExactly(ids(Stage.values(), Stage::id));
    assertThat(texts(rules.get("stage").get("enum"))).containsExactly(ids(Stage.values(), Stage::id));
    assertThat(texts(report.get("via").get("enum"))).containsExactly(ids(Via.values(), Via::id));
    assertThat(texts(report.get("use").get("enum"))).containsExactly(ids(Use.values(), Use::id));
    assertThat(texts(JSON.readTree(SCHEMAS.resolve("sunset-scan-1.schema.json").toFile()).get("$defs").get("use")
        .get("enum"))).containsExactly(ids(Use.values(), Use::id));
    assertThat(texts(verdict.get("$defs").get("use").get("enum"))).containsExactly(ids(Use.values(), Use::id));
    assertThat(texts(JSON.readTree(SCHEMAS.resolve("sunset-tests-1.schema.json").toFile()).get("$defs").get("use")
        .get("enum"))).containsExactly(ids(Use.values(), Use::id));
    assertThat(texts(report.get("resolution").get("enum")))
        .containsExactly(ids(RuleResolution.values(), RuleResolution::id));
    JsonNode verdictRule = verdict.get("$defs").get("rule").get("properties");
    assertThat(texts(verdictRule.get("verdict").get("enum")))
        .containsExactly(ids(Verdict.Kind.values(), Verdict.Kind::id));
    assertThat(texts(verdictRule.get("why").get("items").get("properties").get("code").get("enum")))
        .containsExactly(ids(Verdict.Why.values(), Verdict.Why::id));
  }

  private static String[] texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out.toArray(String[]::new);
  }

  private static <T> String[] ids(T[] values, java.util.function.Function<T, String> id) {
    return Arrays.stream(values).map(id).toArray(String[]::new);
  }

  /** A fenced block of a Markdown file: its language and text. */
  record Example(String where, String language, String text) {}

  static List<Example> examples() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    Pattern fence = Pattern.compile("(?ms)^```(json|yaml)\\n(.*?)^```");
    List<Example> out = new ArrayList<>();
    for (Path f : files) {
      String md = Files.readString(f);
      Matcher m = fence.matcher(md);
      while (m.find()) {
        int line = md.substring(0, m.start()).split("\n", -1).length;
        out.add(new Example(ROOT.relativize(f) + ":" + line, m.group(1), m.group(2)));
      }
    }
    return out;
  }

  /**
   * A rules example as a whole file: a fragment (the keys of one rule, indented, as the rollout shows a stage at a
   * time) goes into a rule that has what every rule needs.
   */
  private static String rulesFile(Example e) {
    if (e.text().startsWith("rules:") || e.text().startsWith("#")) {
      return e.text();
    }
    return "rules:\n  - id: example\n    legacy: com.acme.Legacy#create(java.lang.String)\n"
        + "    replacement: com.acme.Modern#create(java.lang.String)\n" + e.text();
  }

  @Test
  void everyExampleInTheReadmeAndTheDocsIsValid() throws Exception {
    JsonSchema rules = schema("sunset-rules.schema.json");
    Set<String> checked = new TreeSet<>();
    for (Example e : examples()) {
      if (e.language().equals("json") && e.text().contains("\"format\": \"sunset-")) {
        JsonNode node = JSON.readTree(e.text());
        assertThat(errors(forFormat(node.get("format").asText()), node)).as(e.where()).isEmpty();
        // and Sunset reads it
        switch (node.get("format").asText()) {
          case Formats.REPORT -> Report.parse(e.text(), e.where());
          case Formats.SCAN -> Scan.parse(e.text(), e.where());
          case Formats.TESTS -> TestSites.parse(e.text(), e.where());
          default -> Verdict.parse(e.text(), e.where());
        }
        checked.add(e.where());
      } else if (e.language().equals("yaml") && (e.text().contains("legacy:") || e.text().contains("stage:"))) {
        String file = rulesFile(e);
        assertThat(errors(rules, YAML.readTree(file))).as(e.where()).isEmpty();
        RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
            new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), file);
        assertThat(read.problems()).as(e.where()).isEmpty();
        checked.add(e.where());
      }
    }
    assertThat(checked).as("the examples checked").anyMatch(w -> w.startsWith("README.md"))
        .anyMatch(w -> w.startsWith("docs/cli.md")).anyMatch(w -> w.startsWith("docs/rollout.md")).hasSizeGreaterThan(6);
  }

  @Test
  void theReadmesRulesExampleNamesTheSchemaForEditors() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));

    assertThat(readme).contains("# yaml-language-server: $schema=");
    Matcher m = Pattern.compile("yaml-language-server: \\$schema=(\\S+)").matcher(readme);
    assertThat(m.find()).isTrue();
    assertThat(ROOT.resolve(m.group(1).replaceFirst("^\\./", ""))).as("the schema it names").isRegularFile();
  }

  @Test
  void theShimsShippedRulesAreValid() throws IOException {
    Path shipped = ROOT.resolve("shim/src/main/resources/META-INF/sunset/rules.yaml");

    assertThat(errors(schema("sunset-rules.schema.json"), YAML.readTree(shipped.toFile()))).isEmpty();
  }

  @Test
  void aClassRuleWithAnAdapterItsMembersAndAReplacementTypeIsValidAndTheReaderTakesIt() throws IOException {
    String file = "rules:\n  - id: ctx\n    legacy: com.acme.Context\n    replacement: com.acme.ContextAdapters\n"
        + "    stage: redirect\n    members:\n      \"<init>(com.acme.User, int[])\": contextFor\n"
        + "      \"describe()\": describeContext\n      manager: {get: managerOf}\n      count: {set: recount}\n"
        + "    replacementType: com.acme.User\n    rollback: {errors: 1%, within: 1m, min: 100}\n"
        + "    allow: [com.acme.jobs.*]\n";

    assertThat(errors(schema("sunset-rules.schema.json"), YAML.readTree(file))).isEmpty();
    assertThat(new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), file).problems()).isEmpty();
  }

  @Test
  void whatTheRulesReaderRefusesTheRulesSchemaRefusesToo() throws IOException {
    JsonSchema schema = schema("sunset-rules.schema.json");
    String good = "    legacy: com.acme.Legacy#create(java.lang.String)\n"
        + "    replacement: com.acme.Modern#create(java.lang.String)\n";
    Map<String, String> refused = Map.of(
        "an unknown key", "rules:\n  - id: a\n" + good + "    stag: redirect\n",
        "an unknown stage", "rules:\n  - id: a\n" + good + "    stage: delete\n",
        "a short java.lang type", "rules:\n  - id: a\n    legacy: com.acme.Legacy#create(String)\n",
        "redirect without a replacement", "rules:\n  - id: a\n    legacy: com.acme.Legacy#create(int)\n"
            + "    stage: redirect\n",
        "an allow list without a replacement", "rules:\n  - id: a\n    legacy: com.acme.Legacy#create(int)\n"
            + "    allow: [com.acme.jobs.*]\n",
        "a schedule that is not a date", "rules:\n  - id: a\n" + good + "    schedule: {deny: soon}\n",
        "a baseline match that is neither", "rules:\n  - id: a\n" + good
            + "    baseline: {file: b.json, match: file}\n",
        "no legacy", "rules:\n  - id: a\n    stage: observe\n",
        "an unknown top-level key", "rulez:\n  - id: a\n" + good,
        "a generic parameter", "rules:\n  - id: a\n    legacy: com.acme.Legacy#create(java.util.List<java.lang.String>)\n");
    Map<String, String> classRules = Map.of(
        "a class rule with a method as replacement", "rules:\n  - id: a\n    legacy: com.acme.Legacy\n"
            + "    replacement: com.acme.Modern#create(int)\n",
        "a method rule with members", "rules:\n  - id: a\n" + good + "    members: {\"create(java.lang.String)\": make}\n",
        "a method rule with a replacement type", "rules:\n  - id: a\n" + good + "    replacementType: com.acme.Modern\n",
        "a class rule at redirect without an adapter", "rules:\n  - id: a\n    legacy: com.acme.Legacy\n"
            + "    stage: redirect\n",
        "members without an adapter", "rules:\n  - id: a\n    legacy: com.acme.Legacy\n    members: {name: {get: n}}\n",
        "an adapter name that is not a name", "rules:\n  - id: a\n    legacy: com.acme.Legacy\n"
            + "    replacement: com.acme.LegacyAdapters\n    members: {\"describe()\": \"d(int)\"}\n",
        "an unknown field accessor", "rules:\n  - id: a\n    legacy: com.acme.Legacy\n"
            + "    replacement: com.acme.LegacyAdapters\n    members: {name: {read: r}}\n");
    Map<String, String> all = new LinkedHashMap<>(refused);
    all.putAll(classRules);
    for (Map.Entry<String, String> e : all.entrySet()) {
      RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
          new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), e.getValue());
      assertThat(read.problems()).as("the reader refuses %s", e.getKey()).isNotEmpty();
      assertThat(errors(schema, YAML.readTree(e.getValue()))).as("the schema refuses %s", e.getKey()).isNotEmpty();
    }
  }
}
