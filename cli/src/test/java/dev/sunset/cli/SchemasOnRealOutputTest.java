package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON Schemas this module ships ({@code META-INF/sunset/schemas/}) hold for what the real agent and the real
 * commands write: a report of the chat app run under the agent, a scan of its jars (plain and Spring Boot), their
 * merge and their verdict.
 */
class SchemasOnRealOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  @TempDir
  static Path dir;

  private static Path report;

  static JsonSchema shipped(String name) throws IOException {
    try (InputStream in = SchemasOnRealOutputTest.class.getResourceAsStream("/META-INF/sunset/schemas/" + name)) {
      assertThat(in).as("the schema %s on the class path", name).isNotNull();
      return FACTORY.getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
  }

  private static List<String> errors(String schema, Path file) throws IOException {
    JsonNode node = JSON.readTree(file.toFile());
    return shipped(schema).validate(node).stream().map(ValidationMessage::getMessage).toList();
  }

  @BeforeAll
  static void theChatAppRunsUnderTheAgent() throws Exception {
    report = dir.resolve("report.json");
    Path rules = Files.writeString(dir.resolve("rules.yaml"), ChatApp.DEAD_AND_MIGRATED_RULES);
    ChatApp.runUnderAgent(report, Map.of("rules", rules.toString()), 2, "schema-");
  }

  @Test
  void theAgentsReportIsValid() throws Exception {
    assertThat(errors("sunset-report-1.schema.json", report)).isEmpty();
  }

  @Test
  void scansOfThePlainAndTheSpringBootJarsAreValid() throws Exception {
    Path plain = dir.resolve("scan.json");
    Path boot = dir.resolve("boot-scan.json");

    CliRun a = CliRun.of("scan", "--format", "json", "-o", plain.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString());
    CliRun b = CliRun.of("scan", "--format", "json", "-o", boot.toString(), ChatApp.bootJar().toString());

    assertThat(a.exitCode()).as("%s", a).isZero();
    assertThat(b.exitCode()).as("%s", b).isZero();
    assertThat(errors("sunset-scan-1.schema.json", plain)).isEmpty();
    assertThat(errors("sunset-scan-1.schema.json", boot)).isEmpty();
  }

  @Test
  void aMergeAndAVerdictOfTheRealReportAreValid() throws Exception {
    Path merged = dir.resolve("merged.json");
    Path verdict = dir.resolve("verdict.json");

    CliRun merge = CliRun.of("merge", "-o", merged.toString(), report.toString(), report.toString());
    CliRun judged = CliRun.of("verdict", "--format", "json", "-o", verdict.toString(), "--scan",
        ChatApp.jar().toString(), ChatApp.shimJar().toString(), "--report", report.toString());

    assertThat(merge.exitCode()).as("%s", merge).isZero();
    assertThat(judged.exitCode()).as("%s", judged).isZero();
    assertThat(errors("sunset-report-1.schema.json", merged)).isEmpty();
    assertThat(errors("sunset-verdict-1.schema.json", verdict)).isEmpty();
  }
}
