package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every input the command line reads (reports, scans, baselines, rules files, jars), valid or broken anywhere: no
 * command ever fails with an uncaught exception (exit 3) or hangs (each run is bounded in time), bad input is exit 2
 * with one line per problem naming the file, and what is good in the input is still used.
 */
class EveryInputTheCommandLineReadsTest {
  /** The most one command may take on these small inputs before it counts as a hang. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static Path dir;
  private static Path rules;
  private static Path app;
  private static final AtomicInteger files = new AtomicInteger();

  @BeforeContainer
  static void artifacts() throws IOException {
    dir = Files.createTempDirectory("sunset-properties-");
    rules = Files.writeString(dir.resolve("rules.yaml"), HostileClasses.RULES);
    app = HostileClasses.jar().legacy().caller("com/acme/Plain", "Plain.java", "run", 3).writeTo(dir.resolve("app.jar"));
  }

  @AfterContainer
  static void removeThem() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path file(String suffix, byte[] bytes) throws IOException {
    return Files.write(dir.resolve("input-" + files.incrementAndGet() + suffix), bytes);
  }

  private static Path file(String suffix, String text) throws IOException {
    return file(suffix, text.getBytes(StandardCharsets.UTF_8));
  }

  private static CliRun run(String... args) {
    return assertTimeoutPreemptively(BOUND, () -> CliRun.of(args), () -> "sunset " + String.join(" ", args)
        + " did not finish within " + BOUND);
  }

  /**
   * The contract: one of {@code expected}, or 2 with each line on standard error naming the command and the file;
   * never 3; nothing raw a terminal would act on.
   */
  private static void keepsTheContract(CliRun r, String command, Path file, int... expected) {
    List<Integer> allowed = new ArrayList<>(List.of(2));
    for (int e : expected) {
      allowed.add(e);
    }
    assertThat(r.exitCode()).as("%s", r).isIn(allowed);
    if (r.exitCode() == 2) {
      assertThat(r.errLines()).as("%s", r).isNotEmpty().allSatisfy(l -> assertThat(l)
          .startsWith("sunset " + command + ": " + file));
      assertThat(r.out()).as("%s", r).isEmpty();
    }
    String all = r.out() + r.err();
    assertThat(all.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)
        || Character.isSurrogate((char) c)).count()).as("raw control characters in %s", r).isZero();
  }

  // ---- reports

  /** A site: its class and method names may hold anything, its count any count. */
  record SiteSeed(String className, String method, long count) {}

  static String report(String runId, List<SiteSeed> sites) {
    List<Report.Site> list = new ArrayList<>();
    int line = 1;
    for (SiteSeed s : sites) {
      list.add(new Report.Site("r", s.className(), s.method(), "()V", "A.java", line++, "app.jar", s.count(),
          Stage.OBSERVE, Map.of(Stage.OBSERVE, s.count()), null, null, false, null, null, List.of()));
    }
    Instant at = Instant.parse("2026-12-07T10:00:00Z");
    return new Report(at, List.of(new Report.Run(runId, 1L, at, at, false, at, true, List.of(
        new Report.RunRule("r", "com.acme.lib.Legacy#create()", RuleResolution.RESOLVED)))), List.of(), list,
        List.of()).toJson();
  }

  @Provide
  Arbitrary<List<SiteSeed>> sites() {
    Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(20),
        Arbitraries.of("com.acme.A", "run\uD800", "A\u001B[2J\nno new call sites", "\u202Eevil", "x\"y\\z"));
    return Combinators.combine(names, names, Arbitraries.longs().between(0, Long.MAX_VALUE)).as(SiteSeed::new)
        .list().ofMinSize(1).ofMaxSize(4).uniqueElements(s -> s.className() + "#" + s.method());
  }

  /** A change to a JSON text that may break it anywhere. */
  record Mutation(int kind, double at, String text) {
    String apply(String json) {
      int i = (int) (at * json.length());
      return switch (kind) {
        case 0 -> json; // none: the input is good
        case 1 -> json.substring(0, i); // cut short
        case 2 -> json.substring(0, i) + text + json.substring(i); // something inserted
        case 3 -> json + text; // something after the object
        case 4 -> replaceNthNumber(json, i, text); // a number becomes something else
        default -> json.substring(0, i) + json.substring(Math.min(json.length(), i + text.length())); // cut out
      };
    }

    private static String replaceNthNumber(String json, int from, String replacement) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=: )-?[0-9]+").matcher(json);
      return m.find(from) || m.find(0) ? json.substring(0, m.start()) + replacement + json.substring(m.end()) : json;
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12), Arbitraries.of("1e300",
        "-1", "9223372036854775808", "1.5", "\"7\"", "null", "[]", "{}", "true", "\"\\uD800\"", "}", "]", ",",
        "{\"format\": \"sunset-scan/1\"}", "[".repeat(5000), "\"" + "x".repeat(10_000) + "\"", "\u0000", "\"\\u001B\""));
    return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.doubles().between(0, 1), texts)
        .as(Mutation::new);
  }

  @Property(tries = 150)
  void mergeTakesAnyReportAndWritesOnlyWhatItCanReadAgain(@ForAll("sites") List<SiteSeed> sites,
      @ForAll("mutations") Mutation mutation) throws Exception {
    Path input = file(".json", mutation.apply(report("run-1", sites)));
    Path out = dir.resolve("merged-" + files.incrementAndGet() + ".json");

    CliRun r = run("merge", "-o", out.toString(), input.toString());

    keepsTheContract(r, "merge", input, 0);
    if (r.exitCode() == 0) {
      CliRun again = run("merge", "-o", dir.resolve("again-" + files.incrementAndGet() + ".json").toString(),
          out.toString());
      assertThat(again.exitCode()).as("merge's own output read again: %s", again).isZero();
    }
    if (mutation.kind() == 0) {
      assertThat(r.exitCode()).as("a good report: %s", r).isZero();
      assertThat(Report.read(out).callSites()).extracting(s -> s.className() + "#" + s.method() + "=" + s.count())
          .containsExactlyInAnyOrderElementsOf(sites.stream().map(s -> s.className() + "#" + s.method() + "="
              + s.count()).toList());
    }
  }

  @Property(tries = 100)
  void countsAreSummedExactlyOrRefusedPastTheLargestCountNeverWrapped(
      @ForAll("counts") long a, @ForAll("counts") long b) throws Exception {
    Path first = file(".json", report("run-a", List.of(new SiteSeed("com.acme.A", "run", a))));
    Path second = file(".json", report("run-b", List.of(new SiteSeed("com.acme.A", "run", b))));
    Path out = dir.resolve("merged-" + files.incrementAndGet() + ".json");

    CliRun r = run("merge", "-o", out.toString(), first.toString(), second.toString());

    boolean overflows = a > Long.MAX_VALUE - b;
    assertThat(r.exitCode()).as("%s", r).isEqualTo(overflows ? 2 : 0);
    if (overflows) {
      assertThat(r.errLines()).as("%s", r).singleElement().asString().startsWith("sunset merge: ");
    } else {
      assertThat(Report.read(out).callSites()).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(a + b));
    }
  }

  @Provide
  Arbitrary<Long> counts() {
    return Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.longs().between(Long.MAX_VALUE - 1000, Long.MAX_VALUE), Arbitraries.longs().between(0, 1000));
  }

  @Property(tries = 60)
  void theHtmlReportTakesAnyReportOrSaysInOneLineWhyNot(@ForAll("sites") List<SiteSeed> sites,
      @ForAll("mutations") Mutation mutation) throws Exception {
    Path input = file(".json", mutation.apply(report("run-1", sites)));

    CliRun r = run("report", "--html", dir.resolve("page-" + files.incrementAndGet() + ".html").toString(),
        input.toString());

    keepsTheContract(r, "report", input, 0);
  }

  // ---- scans and baselines

  @Property(tries = 100)
  void checkTakesAnyBaselineScanOrReport(@ForAll("mutations") Mutation mutation, @ForAll boolean asReport,
      @ForAll("sites") List<SiteSeed> sites) throws Exception {
    Path scan = dir.resolve("scan-" + files.incrementAndGet() + ".json");
    assertThat(run("scan", "--rules", rules.toString(), "--format", "json", "-o", scan.toString(), app.toString())
        .exitCode()).isZero();
    String good = asReport ? report("run-1", sites) : Files.readString(scan);
    Path baseline = file(".json", mutation.apply(good));

    CliRun r = run("check", "--rules", rules.toString(), "--baseline", baseline.toString(), app.toString());

    keepsTheContract(r, "check", baseline, 0, 1);
    if (mutation.kind() == 0) {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(asReport ? 1 : 0);
    }
  }

  // ---- rules files

  @Provide
  Arbitrary<String> rulesFiles() {
    Arbitrary<String> fragments = Arbitraries.of("rules:", "\n", "  - ", "id: ", "legacy: ", "com.acme.lib.Legacy#create()",
        "stage: ", "redirect", "observe", "[", "]", "{", "}", ":", "&a ", "*a", "!!binary ", "\t", "'", "\"", "#",
        "? ", "- - ", "~", "schedule: {deny: 2027-01-01}", "allow: [x.*]", "\u00e9", "\u0000", "\u001B[2J", "---",
        "|", ">", "baseline: /dev/zero", "baseline: missing.json", "message: \"\\e]0;x\\a\"");
    Arbitrary<String> nested = Arbitraries.integers().between(1, 3000).map(n -> "rules: " + "[".repeat(n));
    return Arbitraries.oneOf(fragments.list().ofMaxSize(40).map(l -> String.join("", l)),
        Arbitraries.strings().ofMaxLength(200), nested, Arbitraries.just(HostileClasses.RULES));
  }

  @Property(tries = 150)
  void scanTakesAnyRulesFileAndUsesAGoodOne(@ForAll("rulesFiles") String text) throws Exception {
    Path file = file(".yaml", text);

    CliRun r = run("scan", "--rules", file.toString(), app.toString());

    keepsTheContract(r, "scan", file, 0);
    if (text.equals(HostileClasses.RULES)) {
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("com.acme.Plain.run");
    }
  }

  // ---- jars

  /** A change to the bytes of one class entry, or to the jar as a whole. */
  record Damage(int kind, int at, byte[] bytes) {}

  @Provide
  Arbitrary<Damage> damages() {
    return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 100_000),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(64)).as(Damage::new);
  }

  @Property(tries = 150)
  void scanTakesAnyJarAndStillFindsTheSitesOfItsGoodClasses(@ForAll("damages") Damage damage) throws Exception {
    byte[] victim = HostileClasses.callerClass("com/acme/Victim", "Victim.java", "run", 5);
    int at = damage.at() % victim.length;
    byte[] damaged = switch (damage.kind()) {
      case 0 -> java.util.Arrays.copyOf(victim, at); // cut short
      case 1 -> { // bytes overwritten
        byte[] b = victim.clone();
        for (int i = 0; i < damage.bytes().length && at + i < b.length; i++) {
          b[at + i] = damage.bytes()[i];
        }
        yield b;
      }
      case 2 -> damage.bytes(); // not a class at all
      default -> victim;
    };
    HostileClasses jar = HostileClasses.jar().legacy().caller("com/acme/Plain", "Plain.java", "run", 3)
        .entry("com/acme/Victim.class", damaged);
    if (damage.kind() == 3) {
      jar.entry("lib/nested.jar", damage.bytes()); // a nested jar that is not one
    }
    Path file = jar.writeTo(dir.resolve("damaged-" + files.incrementAndGet() + ".jar"));
    if (damage.kind() == 4) { // the jar itself cut short or overwritten
      byte[] whole = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(whole, damage.at() % whole.length));
    } else if (damage.kind() == 5) {
      byte[] whole = Files.readAllBytes(file);
      for (int i = 0; i < damage.bytes().length; i++) {
        whole[(damage.at() + i) % whole.length] = damage.bytes()[i];
      }
      Files.write(file, whole);
    }

    CliRun r = run("scan", "--rules", rules.toString(), file.toString());

    keepsTheContract(r, "scan", file, 0);
    if (damage.kind() <= 3 || damage.kind() == 6) {
      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.out()).as("the good class's site").contains("com.acme.Plain.run");
    }
  }
}
