package dev.sunset.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.core.report.ReportMerge;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A report read as a stream ({@link ReportStream}, as {@code merge}, {@code verdict --report} and
 * {@code report --html} read them) is as hostile an input as any: cut short, nested beyond reason, holding a huge
 * string, a field named twice, bytes that are not UTF-8, something after its object. Each is one line naming the file
 * and what is wrong; among other reports, it is that report that is named, and nothing is merged.
 */
class ReportStreamTest {
  private static final Instant NOW = Instant.parse("2026-12-20T00:00:00Z");
  private static final String HEAD = "{\"format\": \"sunset-report/1\", \"generatedAt\": \"2026-12-07T10:00:00Z\", ";
  private static final String SITE = "{\"rule\": \"r\", \"class\": \"C\", \"method\": \"m\", \"line\": 1, \"count\": 2}";

  @TempDir
  Path dir;

  private String problem(Path file) {
    List<Path> files = List.of(write("good-1.json", HEAD + "\"rules\": [], \"callSites\": [" + SITE + "]}"), file,
        write("good-2.json", HEAD + "\"rules\": [], \"callSites\": [" + SITE + "]}"));
    try {
      ReportMerge.read(files, NOW);
    } catch (FormatException e) {
      assertThat(e.getMessage()).as("one line").doesNotContain("\n").doesNotContain("\r");
      assertThat(e.source()).isEqualTo(file.toString());
      return e.problem();
    }
    throw new AssertionError(file + " was merged");
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aReportCutShortIsNotJsonWhereItEnds() throws Exception {
    String whole = Report.parse(HEAD + "\"rules\": [], \"callSites\": [" + SITE + ", " + SITE.replace("\"C\"",
        "\"D\"") + "]}", "r.json").toJson();
    Path cut = write("cut.json", whole.substring(0, whole.length() * 2 / 3));

    assertThat(problem(cut)).startsWith("is not JSON at line ").contains("end-of-input");
  }

  @Test
  void valuesNestedDeeperThanAThousandLevelsAreRefusedWhereverTheyAreEvenInAFieldNobodyReads() throws Exception {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    Path inSites = write("deep-site.json", HEAD + "\"rules\": [], \"callSites\": [" + deep + "]}");
    Path inUnknown = write("deep-unknown.json", HEAD + "\"future\": " + deep + ", \"rules\": [], \"callSites\": []}");

    assertThat(problem(inSites)).startsWith("is not JSON at line 1, column ").contains("nesting depth");
    assertThat(problem(inUnknown)).startsWith("is not JSON at line 1, column ").contains("nesting depth");
  }

  @Test
  void aStringOfMoreThanTwentyMillionCharactersIsRefusedBeforeItIsHeld() throws Exception {
    Path huge = dir.resolve("huge.json");
    try (BufferedWriter w = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
      w.write(HEAD + "\"rules\": [], \"callSites\": [{\"rule\": \"r\", \"class\": \"");
      char[] chunk = "x".repeat(1 << 16).toCharArray();
      for (int i = 0; i < 20_000_000 / chunk.length + 2; i++) {
        w.write(chunk);
      }
      w.write("\", \"method\": \"m\", \"line\": 1, \"count\": 2}]}");
    }

    assertThat(problem(huge)).startsWith("is not JSON at line 1, column ").contains("String value length")
        .contains("exceeds the maximum allowed (20000000");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      a site's count        | "rules": [], "callSites": [{"rule": "r", "class": "C", "method": "m", "line": 1, "count": 2, "count": 9}]} | has the field 'count' twice in one object, at line 1, column
      the list of sites     | "rules": [], "callSites": [], "callSites": [{"rule": "r", "class": "C", "method": "m", "line": 1, "count": 9}]} | has the field 'callSites' twice in one object, at line 1, column
      a rule's id           | "rules": [{"id": "r", "id": "s"}], "callSites": []} | has the field 'id' twice in one object, at line 1, column
      the time it was written | "generatedAt": "2026-12-08T10:00:00Z", "rules": [], "callSites": []} | has the field 'generatedAt' twice in one object, at line 1, column
      """)
  void aFieldNamedTwiceInOneObjectIsRefusedSinceTheFirstWouldAlreadyHaveBeenUsed(String what, String rest,
      String message) throws Exception {
    assertThat(problem(write("twice.json", HEAD + rest))).startsWith(message);
  }

  @Test
  void bytesThatAreNotUtf8AndAnythingAfterTheObjectAreRefused() throws Exception {
    byte[] latin1 = (HEAD + "\"rules\": [], \"callSites\": [{\"rule\": \"r\", \"class\": \"Caf\u00e9\", \"method\": "
        + "\"m\", \"line\": 1, \"count\": 2}]}").getBytes(StandardCharsets.ISO_8859_1);
    Path notUtf8 = Files.write(dir.resolve("latin1.json"), latin1);
    Path trailing = write("trailing.json", HEAD + "\"rules\": [], \"callSites\": []} {\"format\": 1}");

    assertThat(problem(notUtf8)).isEqualTo("is not UTF-8 text");
    assertThat(problem(trailing)).startsWith("is not JSON at line 1, column ")
        .endsWith("more follows the end of its object");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      nothing at all    |                                                                   | is empty
      a list            | [1, 2]                                                            | is not JSON at line 1, column 1: an object ('{') must come first, not a list
      a scan            | {"format": "sunset-scan/1", "rules": [], "callSites": []}          | 'format' is 'sunset-scan/1', not sunset-report/1 (an agent report)
      no format         | {"generatedAt": "2026-12-07T10:00:00Z", "rules": [], "callSites": []} | 'format' is missing, not sunset-report/1 (an agent report)
      sites not a list  | {"format": "sunset-report/1", "generatedAt": "2026-12-07T10:00:00Z", "rules": [], "callSites": 3} | callSites is not a list
      no sites          | {"format": "sunset-report/1", "generatedAt": "2026-12-07T10:00:00Z", "rules": []} | callSites is missing (a list)
      a site not an object | {"format": "sunset-report/1", "generatedAt": "2026-12-07T10:00:00Z", "rules": [], "callSites": [7]} | callSites[0] is not an object
      """)
  void whatIsNotAReportIsNamedAsTheWholeFileReaderNamesIt(String what, String text, String message)
      throws Exception {
    Path file = write("not-a-report.json", text == null ? "" : text);

    assertThat(problem(file)).isEqualTo(message);
    if (!message.startsWith("is ")) { // the reader of whole files says the same of the same file
      assertThatThrownBy(() -> Report.read(file)).hasMessage(file + ": " + message);
    }
  }

  @Test
  void aReportIsHandedOverOneSiteAtATimeInItsOrderWithItsRunsAndRulesAfter() throws Exception {
    Path file = write("r.json", HEAD + "\"rules\": [{\"id\": \"r\"}], \"callSites\": [" + SITE + ", "
        + SITE.replace("\"C\"", "\"D\"") + "], \"runs\": [{\"id\": \"x\", \"lastReportAt\": \"2026-12-07T10:00:00Z\"}]}");
    List<String> seen = new ArrayList<>();

    ReportStream.Contents contents = ReportStream.read(file, s -> seen.add(s.className()));
    ReportStream.Head head = ReportStream.head(file, List.of(Formats.REPORT), "sunset-report/1");

    assertThat(seen).containsExactly("C", "D");
    assertThat(contents.sites()).isEqualTo(2);
    assertThat(contents.runs()).extracting(Report.Run::id).containsExactly("x");
    assertThat(contents.rules()).extracting(Report.Rule::id).containsExactly("r");
    assertThat(head.runs()).extracting(ReportStream.RunMark::id).containsExactly("x");
    assertThat(head.generatedAt()).isEqualTo(contents.generatedAt());
  }
}
