package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code merge}'s arithmetic on reports shaped as the agent writes them, and its refusals. */
class MergeCommandTest {
  @TempDir
  Path dir;

  private Path report(String name, String generatedAt, String sites) throws Exception {
    return Files.writeString(dir.resolve(name), "{\"format\": \"sunset-report/1\", \"generatedAt\": \"" + generatedAt
        + "\", \"rules\": [{\"id\": \"r\", \"legacy\": \"com.acme.Legacy#run()\", \"stage\": \"redirect\","
        + " \"resolution\": \"resolved\", \"resolvedIn\": [{\"loader\": \"app\", \"codeSource\": \"file:/" + name
        + "\"}]}], \"callSites\": [" + sites + "]}");
  }

  private static String site(String cls, int line, long count, String byStage, String firstCallAt, String codeSource) {
    return "{\"rule\": \"r\", \"class\": \"" + cls + "\", \"method\": \"run\", \"descriptor\": \"()V\", \"file\": \""
        + cls.substring(cls.lastIndexOf('.') + 1) + ".java\", \"line\": " + line + ", \"codeSource\": \"" + codeSource
        + "\", \"count\": " + count + ", \"stage\": \"redirect\", \"countsByStage\": " + byStage
        + (firstCallAt == null ? "" : ", \"firstCallAt\": \"" + firstCallAt + "\"") + "}";
  }

  @Test
  @SuppressWarnings("unchecked")
  void countsAreSummedPerSiteTheEarliestFirstCallIsKeptAndEverySiteIsListed() throws Exception {
    Path a = report("a.json", "2026-11-20T10:00:00Z", String.join(",",
        site("com.acme.Checkout", 42, 10, "{\"observe\": 4, \"redirect\": 6}", "2026-11-20T09:00:00Z", "file:/a/app.jar"),
        site("com.acme.Billing", 7, 0, "{}", null, "file:/a/app.jar")));
    Path b = report("b.json", "2026-11-21T10:00:00Z", String.join(",",
        site("com.acme.Checkout", 42, 5, "{\"redirect\": 5}", "2026-11-19T08:00:00Z", "file:/b/app.jar"),
        site("com.acme.Search", 3, 2, "{\"redirect\": 2}", "2026-11-21T08:00:00Z", "file:/b/app.jar")));
    Path merged = dir.resolve("merged.json");

    CliRun run = CliRun.of("merge", "-o", merged.toString(), a.toString(), b.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(merged));
    List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("callSites");
    assertThat(sites).extracting(s -> s.get("class") + ":" + s.get("count"))
        .containsExactly("com.acme.Billing:0", "com.acme.Checkout:15", "com.acme.Search:2");
    Map<String, Object> checkout = sites.get(1);
    assertThat(checkout.get("countsByStage")).isEqualTo(Map.of("observe", 4, "redirect", 11));
    assertThat(checkout.get("firstCallAt")).isEqualTo("2026-11-19T08:00:00Z");
    assertThat(checkout.get("codeSources")).isEqualTo(List.of("file:/a/app.jar", "file:/b/app.jar"));
    assertThat(sites.get(0)).doesNotContainKey("firstCallAt");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) json.get("rules");
    assertThat(rules).singleElement().satisfies(r -> assertThat((List<Object>) r.get("resolvedIn")).hasSize(2));
    assertThat((List<Object>) json.get("mergedFrom")).hasSize(2);
    assertThat(run.err()).contains("merged 2 reports of 2 JVM runs into " + merged + ": 3 call sites, 17 calls");
  }

  @Test
  void withoutAnOutputFileTheMergedReportGoesToStandardOutputAsTheOtherCommandsDo() throws Exception {
    Path a = report("a.json", "2026-11-20T10:00:00Z",
        site("com.acme.Checkout", 42, 1, "{\"redirect\": 1}", "2026-11-20T09:00:00Z", "file:/a/app.jar"));

    CliRun run = CliRun.of("merge", a.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).startsWith("{").contains("\"format\" : \"sunset-report/1\"", "\"com.acme.Checkout\"");
    assertThat(run.errLines()).containsExactly(
        "merged 1 report of 1 JVM run into standard output: 1 call site, 1 call");
  }

  @Test
  void aScanIsRefusedWithOneLine() throws Exception {
    Path scan = Files.writeString(dir.resolve("scan.json"),
        "{\"format\": \"sunset-scan/1\", \"generatedAt\": \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");

    CliRun run = CliRun.of("merge", "-o", dir.resolve("m.json").toString(), scan.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset merge: " + scan
        + ": 'format' is 'sunset-scan/1', not sunset-report/1 (an agent report)");
    assertThat(dir.resolve("m.json")).doesNotExist();
  }

  @Test
  void aMissingOrMalformedReportIsBadInputNamingIt() throws Exception {
    Path missing = dir.resolve("missing.json");
    Path malformed = Files.writeString(dir.resolve("malformed.json"), "{\"format\": ");
    Path noCount = report("no-count.json", "2026-11-20T10:00:00Z",
        "{\"rule\": \"r\", \"class\": \"c\", \"method\": \"m\", \"line\": 1}");

    CliRun a = CliRun.of("merge", "-o", dir.resolve("m.json").toString(), missing.toString());
    CliRun b = CliRun.of("merge", "-o", dir.resolve("m.json").toString(), malformed.toString());
    CliRun c = CliRun.of("merge", "-o", dir.resolve("m.json").toString(), noCount.toString());
    CliRun d = CliRun.of("merge");
    CliRun e = CliRun.of("merge", "-o", dir.resolve("m.json").toString(), dir.toString());

    assertThat(List.of(a, b, c, d, e)).allSatisfy(r -> {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.errLines()).as("%s", r).hasSize(1);
    });
    assertThat(a.err()).startsWith("sunset merge: " + missing + ": does not exist");
    assertThat(b.err()).startsWith("sunset merge: " + malformed + ": is not JSON at line ");
    assertThat(c.err()).startsWith("sunset merge: " + noCount + ": callSites[0].count is missing");
    assertThat(d.err()).startsWith("sunset merge: Missing required parameter: 'REPORT'");
    assertThat(e.err()).startsWith("sunset merge: " + dir + ": is a folder, not a file");
  }

  @Test
  void aHostileReportAmongGoodOnesIsNamedInOneLineAndNothingIsWritten() throws Exception {
    Path a = report("a.json", "2026-11-20T10:00:00Z",
        site("com.acme.Checkout", 42, 1, "{\"redirect\": 1}", "2026-11-20T09:00:00Z", "file:/a/app.jar"));
    Path twice = report("twice.json", "2026-11-20T11:00:00Z",
        site("com.acme.Checkout", 42, 1, "{\"redirect\": 1}", null, "file:/a/app.jar").replace("\"count\": 1,",
            "\"count\": 1, \"count\": 1000000,"));
    Path cut = Files.writeString(dir.resolve("cut.json"), Files.readString(a).substring(0, 150));
    Path b = report("b.json", "2026-11-21T10:00:00Z",
        site("com.acme.Search", 3, 2, "{\"redirect\": 2}", "2026-11-21T08:00:00Z", "file:/b/app.jar"));
    Path merged = dir.resolve("merged.json");

    CliRun duplicate = CliRun.of("merge", "-o", merged.toString(), a.toString(), twice.toString(), b.toString());
    CliRun truncated = CliRun.of("merge", "-o", merged.toString(), a.toString(), b.toString(), cut.toString());

    assertThat(duplicate.exitCode()).isEqualTo(2);
    assertThat(duplicate.errLines()).singleElement().asString()
        .startsWith("sunset merge: " + twice + ": has the field 'count' twice in one object, at line 1, column ");
    assertThat(truncated.exitCode()).isEqualTo(2);
    assertThat(truncated.errLines()).singleElement().asString()
        .startsWith("sunset merge: " + cut + ": is not JSON at line 1, column ");
    assertThat(merged).doesNotExist();
  }
}
