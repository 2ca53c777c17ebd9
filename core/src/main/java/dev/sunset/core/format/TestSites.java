package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Which test reached which call site ({@value Formats#TESTS}), written by {@code sunset-junit} from the agent's counts
 * taken as each test started and finished. Every call counted while the listener watched is in exactly one place: the
 * one test that ran alone at the time, {@code whileSeveralTestsRan} (tests ran at once, so the calls of that window
 * cannot be split between them), or {@code outsideAnyTest} (class set-up, between tests). A class rule's site is one
 * use of one member ({@code use}, {@code member}): two uses on one line are two entries, as in reports.
 *
 * @param generatedAt when it was written
 * @param baseline the baseline (a report or scan) the sites were compared with, as given, or null when none was
 * @param tests every test that reached at least one call site, in the order they finished
 * @param whileSeveralTestsRan calls made while more than one test ran
 * @param outsideAnyTest calls made while no test ran
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record TestSites(Instant generatedAt, String baseline, List<TestEntry> tests,
    List<SiteCount> whileSeveralTestsRan, List<SiteCount> outsideAnyTest) implements Document {
  /** The file; the lists are copied. */
  public TestSites {
    Objects.requireNonNull(generatedAt, "generatedAt");
    tests = List.copyOf(tests);
    whileSeveralTestsRan = List.copyOf(whileSeveralTestsRan);
    outsideAnyTest = List.copyOf(outsideAnyTest);
  }

  /**
   * One test and the sites it reached.
   *
   * @param uniqueId the JUnit Platform's unique id of the test
   * @param className the test's class, or null when its source is not a class or method
   * @param method the test's method, or null when its source is not a method
   * @param displayName the test's display name
   * @param callSites the call sites it reached, with the calls counted while it ran alone
   */
  public record TestEntry(String uniqueId, String className, String method, String displayName,
      List<SiteCount> callSites) {
    /** A test; the list is copied. */
    public TestEntry {
      Objects.requireNonNull(uniqueId, "uniqueId");
      Objects.requireNonNull(displayName, "displayName");
      callSites = List.copyOf(callSites);
    }
  }

  /**
   * A call site and the calls attributed to one place.
   *
   * @param rule the rule id
   * @param className the calling class's binary name
   * @param method the calling method
   * @param file the source file the class names, or null
   * @param line the line, or 0 when not known
   * @param count the calls
   * @param notInBaseline whether a baseline was given and does not list the site (for a class rule's site: this use
   *     of this member at its site)
   * @param use how the site uses the legacy API ({@code use}, written only when not a call; a file written before
   *     class rules has none: every site a call)
   * @param member for a class rule's site, the member it uses ({@code <init>(int)}, a field's name, {@code <class>});
   *     null for a method rule's, and in files written before class rules
   */
  public record SiteCount(String rule, String className, String method, String file, int line, long count,
      boolean notInBaseline, Use use, String member) {
    /** A site count. */
    public SiteCount {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(method, "method");
      use = use == null ? Use.CALL : use;
    }

    /** A method rule's call site and its calls. */
    public SiteCount(String rule, String className, String method, String file, int line, long count,
        boolean notInBaseline) {
      this(rule, className, method, file, line, count, notInBaseline, Use.CALL, null);
    }

    /** The key reports, scans and baselines are matched on. */
    public SiteKey key() {
      return new SiteKey(rule, className, method, line);
    }

    /** The key that also tells apart a class rule's uses on one line: the site key, the use and the member. */
    public UseKey useKey() {
      return new UseKey(key(), use, member);
    }
  }

  /**
   * Reads a file.
   *
   * @throws FormatException naming the file and what is wrong, in one line
   */
  public static TestSites read(Path file) throws FormatException {
    return Node.read(file, TestSites::from);
  }

  /**
   * A file from its JSON text.
   *
   * @param source what the text came from, for messages
   * @throws FormatException naming the source and what is wrong, in one line
   */
  public static TestSites parse(String text, String source) throws FormatException {
    return Node.parse(text, source, TestSites::from);
  }

  static TestSites from(Node root) throws FormatException {
    root.requireFormat(Formats.TESTS, "which test reached which call site");
    List<TestEntry> tests = new ArrayList<>();
    for (Node t : root.field("tests").list(true)) {
      tests.add(new TestEntry(t.field("uniqueId").text(), t.field("class").textOrNull(), t.field("method").textOrNull(),
          t.field("displayName").text(), sites(t.field("callSites"))));
    }
    return new TestSites(root.field("generatedAt").instant(), root.field("baseline").textOrNull(), tests,
        sites(root.field("whileSeveralTestsRan")), sites(root.field("outsideAnyTest")));
  }

  private static List<SiteCount> sites(Node list) throws FormatException {
    List<SiteCount> sites = new ArrayList<>();
    for (Node s : list.list(false)) {
      sites.add(new SiteCount(s.field("rule").text(), s.field("class").text(), s.field("method").text(),
          s.field("file").textOrNull(), s.field("line").line(), s.field("count").count(),
          s.field("notInBaseline").flag(), Report.use(s), s.field("member").textOrNull()));
    }
    return sites;
  }

  /** The file as pretty-printed JSON text ({@value Formats#TESTS}). */
  @Override
  public String toJson() {
    JsonOut root = new JsonOut().put("format", Formats.TESTS).put("generatedAt", generatedAt)
        .put("baseline", baseline);
    List<JsonOut> list = new ArrayList<>(tests.size());
    for (TestEntry t : tests) {
      list.add(new JsonOut().put("uniqueId", t.uniqueId()).put("class", t.className()).put("method", t.method())
          .put("displayName", t.displayName()).put("callSites", out(t.callSites())));
    }
    root.put("tests", list).put("whileSeveralTestsRan", out(whileSeveralTestsRan))
        .put("outsideAnyTest", out(outsideAnyTest));
    return root.text();
  }

  private static List<JsonOut> out(List<SiteCount> sites) {
    List<JsonOut> list = new ArrayList<>(sites.size());
    for (SiteCount s : sites) {
      list.add(new JsonOut().put("rule", s.rule()).put("class", s.className()).put("method", s.method())
          .put("file", s.file()).put("line", s.line()).put("use", s.use() == Use.CALL ? null : s.use().id())
          .put("member", s.member()).put("count", s.count()).flag("notInBaseline", s.notInBaseline()));
    }
    return list;
  }
}
