package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.format.TestSites;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sunset report --html} on real agent reports of the chat app, loaded in real headless Chromium: two runs
 * under the agent at different stages and user counts, a third report of the later run as if one class had been
 * migrated since, a real report with a call caught at the legacy method ({@code via: reflection}) and a real scan
 * of the chat app's jars, dated by a test helper over six weeks. The DOM Chromium builds from the page shows every
 * rule, site, count, jar, package and chart point the reports hold; its screenshot is a real picture.
 */
class HtmlReportInChromiumTest {
  private static final String EARLY = "2026-10-01T09:00:00Z";
  private static final String LATE = "2026-10-15T09:00:00Z";
  private static final String MIGRATED = "2026-11-01T09:00:00Z";
  private static final int EARLY_USERS = 2;
  private static final int LATE_USERS = 4;
  private static final int REFLECTIVE_CALLS = 3;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** The pages and their screenshots stay in the module's target folder, to be looked at. */
  private static final Path SHOTS = Path.of("target", "html-report");

  @TempDir
  static Path dir;

  private static Path early;
  private static Path late;
  private static Path migrated;
  private static Path reflective;
  private static Path scan;
  private static String migratedClass;
  private static Set<String> scannedCodeSources;

  @BeforeAll
  static void reportsAndAScanOfTheChatAppFromThreeDates() throws Exception {
    String shipped = ChatApp.DEAD_AND_MIGRATED_RULES;
    Path earlyRules = Files.writeString(dir.resolve("early-rules.yaml"), shipped
        + "  - id: ws-factory-create-for-user\n"
        + "    legacy: com.example.ws.WebSocketManagerFactory#createForUser(com.example.ws.UserExecutionContext)\n"
        + "    replacement: com.example.ws.UnifiedWebSocketManager#createForUser(com.example.ws.UserExecutionContext)\n"
        + "    stage: observe\n");
    Path rules = Files.writeString(dir.resolve("rules.yaml"), shipped);

    Path earlyLive = dir.resolve("early-live.json");
    ChatApp.runUnderAgent(earlyLive, Map.of("rules", earlyRules.toString()), EARLY_USERS, "early-");
    Path lateLive = dir.resolve("late-live.json");
    ChatApp.runUnderAgent(lateLive, Map.of("rules", rules.toString()), LATE_USERS, "late-");
    Path reflectiveLive = runReflectiveCaller(rules);
    Path scanLive = dir.resolve("scan-live.json");
    CliRun scanned = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scanLive.toString(),
        ChatApp.jar().toString(), ChatApp.shimJar().toString());
    assertThat(scanned.exitCode()).as("%s", scanned).isZero();

    early = dated(earlyLive, "early.json", EARLY);
    late = dated(lateLive, "late.json", LATE);
    scan = dated(scanLive, "scan.json", LATE);
    scannedCodeSources = sites(scan).stream().map(s -> (String) s.get("codeSource")).collect(Collectors.toSet());
    reflective = dated(reflectiveLive, "reflective.json", MIGRATED);
    // as if the class with the most call sites had been migrated by the third date
    Map<String, Long> perClass = sites(late).stream()
        .collect(Collectors.groupingBy(s -> (String) s.get("class"), Collectors.counting()));
    migratedClass = perClass.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(late));
    json.put("generatedAt", MIGRATED);
    json.put("callSites", sites(late).stream().filter(s -> !s.get("class").equals(migratedClass)).toList());
    migrated = Files.writeString(dir.resolve("migrated.json"), JSON.std.asString(json));
  }

  /** Runs {@code ReflectiveCaller} under the real agent, with the shim (and its shipped rules) on the class path. */
  private static Path runReflectiveCaller(Path rules) throws Exception {
    Path report = dir.resolve("reflective-live.json");
    UnderTheAgent.run("rules=" + rules + ",report=" + report + ",summary=false",
        List.of(System.getProperty("java.class.path")), "dev.sunset.cli.fixtures.ReflectiveCaller",
        String.valueOf(REFLECTIVE_CALLS));
    return report;
  }

  /** A copy of a report or scan with another {@code generatedAt}. */
  private static Path dated(Path file, String name, String generatedAt) throws Exception {
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(file));
    json.put("generatedAt", generatedAt);
    return Files.writeString(dir.resolve(name), JSON.std.asString(json));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sites(Path file) throws Exception {
    return (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(file)).get("callSites");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules(Path file) throws Exception {
    return (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(file)).get("rules");
  }

  private static String key(Map<String, Object> site) {
    return site.get("rule") + " " + site.get("class") + "#" + site.get("method") + ":" + site.get("line");
  }

  private static long count(Map<String, Object> site) {
    return site.get("count") == null ? 0 : ((Number) site.get("count")).longValue();
  }

  /** The sites of several reports written at one time, joined: counts summed per site. */
  private static Map<String, Map<String, Object>> joined(Path... reports) throws Exception {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (Path r : reports) {
      for (Map<String, Object> s : sites(r)) {
        all.merge(key(s), new LinkedHashMap<>(s), (a, b) -> {
          a.put("count", count(a) + count(b));
          return a;
        });
      }
    }
    return all;
  }

  private static Path html(String name, Path... inputs) throws Exception {
    return html(name, List.of(), inputs);
  }

  private static Path html(String name, List<String> options, Path... inputs) throws Exception {
    Path page = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("report", "--html", page.toString()));
    args.addAll(options);
    for (Path p : inputs) {
      args.add(p.toString());
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).startsWith("wrote " + page + ": ");
    Files.createDirectories(SHOTS);
    Files.copy(page, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    return page;
  }

  private static Element section(Document dom, String rule) {
    List<Element> found = dom.select("section.rule").stream().filter(e -> e.attr("data-rule").equals(rule)).toList();
    assertThat(found).as("the section of rule %s", rule).hasSize(1);
    return found.get(0);
  }

  private static String rowKey(String rule, Element row) {
    return rule + " " + row.attr("data-class") + "#" + row.attr("data-method") + ":" + row.attr("data-line");
  }

  private static List<String> marks(Element section, String metric, String series) {
    return section.select("svg.burndown").stream().filter(s -> s.attr("data-metric").equals(metric))
        .flatMap(s -> s.select("g.series." + series + " circle.mark").stream())
        .map(m -> m.attr("data-at") + "=" + m.attr("data-value")).toList();
  }

  /**
   * A report's code source as the page names it: the scan's name for the same jar (the page is made with a scan,
   * which names the chat app's jars by their paths), else the report's own.
   */
  private static String asScanned(Object reported) {
    String url = (String) reported;
    if (url.startsWith("file:")) {
      String path = Path.of(java.net.URI.create(url)).toString();
      if (scannedCodeSources.contains(path)) {
        return path;
      }
    }
    return url;
  }

  private static String point(String at, long value) {
    return at + "=" + value;
  }

  @Test
  void everyRuleShowsItsVerdictAndOnlyAMigratedRuleSaysDeleteIt() throws Exception {
    Path judged = html("verdicts.html", List.of("--min-days", "0", "--min-jvms", "1"), late, scan);
    Path strict = html("verdicts-default.html", late, scan);
    HeadlessChromium chromium = HeadlessChromium.require(dir);

    Document dom = Jsoup.parse(chromium.dumpDom(judged));
    Document strictDom = Jsoup.parse(chromium.dumpDom(strict));

    Map<String, String> badges = new LinkedHashMap<>();
    for (Element section : dom.select("section.rule")) {
      Element badge = section.selectFirst("h2 .verdict");
      assertThat(badge).as("the verdict badge of %s", section.attr("data-rule")).isNotNull();
      badges.put(section.attr("data-rule"), badge.attr("data-verdict") + ": " + badge.text());
    }
    assertThat(badges).containsEntry("unified-with-connections", "migrated: migrated: delete it")
        .containsEntry("chat-client-connect", "dead: dead: none called");
    assertThat(badges).hasSize(8).allSatisfy((rule, badge) -> assertThat(badge)
        .matches("(migrated: migrated: delete it|dead: dead: none called|in-use: in use)"));
    assertThat(dom.select("tr.rule-summary .verdict").eachAttr("data-verdict")).hasSize(8);
    assertThat(dom.selectFirst(".verdict-basis").text()).contains("1 report and the newest scan")
        .contains("--min-days 0 --min-jvms 1");

    // one short run is not evidence enough by default: no "delete it" anywhere, and each unknown says why
    assertThat(strictDom.text()).doesNotContain("delete it");
    Element unknown = section(strictDom, "unified-with-connections");
    assertThat(unknown.selectFirst("h2 .verdict").attr("data-verdict")).isEqualTo("unknown");
    assertThat(unknown.select(".verdict-detail .why li").eachText()).anySatisfy(w -> assertThat(w)
        .contains("--min-days is 14")).anySatisfy(w -> assertThat(w).contains("--min-jvms is 2"));
  }

  @Test
  void theBurnDownPageShowsEveryRuleSiteCountJarPackageAndChartPointOfTheReports() throws Exception {
    Path page = html("burn-down.html", early, late, scan, migrated, reflective);
    HeadlessChromium chromium = HeadlessChromium.require(dir);

    Document dom = Jsoup.parse(chromium.dumpDom(page));

    Set<String> ruleIds = new TreeSet<>();
    for (Path input : List.of(early, late, scan, migrated, reflective)) {
      rules(input).forEach(r -> ruleIds.add((String) r.get("id")));
    }
    assertThat(ruleIds).hasSize(8);
    List<String> sectionOrder = dom.select("section.rule").eachAttr("data-rule");
    assertThat(sectionOrder).containsExactlyInAnyOrderElementsOf(ruleIds);
    assertThat(dom.select("tr.rule-summary").eachAttr("data-rule")).containsExactlyElementsOf(sectionOrder);
    assertThat(dom.select("section.rule").eachAttr("data-sites").stream().map(Integer::valueOf))
        .as("the rules with most call sites left first").isSortedAccordingTo(Comparator.reverseOrder());

    Map<String, Map<String, Object>> now = joined(migrated, reflective);
    assertThat(now.values()).extracting(s -> s.get("class")).doesNotContain(migratedClass);
    assertThat(now.values()).as("a site in a loaded class that was never called").anySatisfy(s ->
        assertThat(count(s)).isZero());
    for (String rule : ruleIds) {
      Element section = section(dom, rule);
      Map<String, Map<String, Object>> expected = new LinkedHashMap<>();
      now.forEach((k, s) -> {
        if (s.get("rule").equals(rule)) {
          expected.put(k, s);
        }
      });
      // every site left, with its count and stage, in a jar group of its code source and a package group of its package
      Map<String, String> shown = new LinkedHashMap<>();
      for (Element jar : section.select("table.sites tbody.jar")) {
        String pkg = null;
        for (Element row : jar.select("tr")) {
          if (row.hasClass("package-row")) {
            pkg = row.attr("data-package");
          } else if (row.hasClass("site")) {
            String key = rowKey(rule, row);
            Map<String, Object> site = expected.get(key);
            assertThat(site).as("site row %s is a site of the newest reports", key).isNotNull();
            assertThat(jar.attr("data-code-source")).as(key).isEqualTo(asScanned(site.get("codeSource")));
            String cls = (String) site.get("class");
            assertThat(pkg).as(key).isEqualTo(cls.substring(0, cls.lastIndexOf('.')));
            assertThat(row.attr("data-stage")).as(key).isEqualTo(site.get("stage"));
            assertThat(row.selectFirst("td.count").text())
                .isEqualTo(String.format(Locale.ROOT, "%,d", count(site)));
            shown.put(key, row.attr("data-count"));
          }
        }
      }
      Map<String, String> counts = new LinkedHashMap<>();
      expected.forEach((k, s) -> counts.put(k, String.valueOf(count(s))));
      assertThat(shown).as("the sites of %s", rule).containsExactlyInAnyOrderEntriesOf(counts);
      assertThat(section.select("table.sites tbody.jar").eachAttr("data-code-source")).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected.values().stream().map(s -> asScanned(s.get("codeSource")))
              .collect(Collectors.toSet()));

      // the most-called sites, most first; the never-called ones
      List<Long> top = expected.values().stream().map(HtmlReportInChromiumTest::count).filter(c -> c > 0)
          .sorted(Comparator.reverseOrder()).limit(10).toList();
      assertThat(section.select("table.most-called tr.site").eachAttr("data-count").stream().map(Long::valueOf))
          .containsExactlyElementsOf(top);
      assertThat(section.select("table.never-called tr.site").stream().map(r -> rowKey(rule, r)))
          .containsExactlyInAnyOrderElementsOf(expected.values().stream().filter(s -> count(s) == 0)
              .map(HtmlReportInChromiumTest::key).toList());

      long calls = expected.values().stream().mapToLong(HtmlReportInChromiumTest::count).sum();
      Element summary = dom.select("tr.rule-summary").stream().filter(e -> e.attr("data-rule").equals(rule))
          .findFirst().orElseThrow();
      assertThat(summary.selectFirst("[data-field=sites]").text()).isEqualTo(String.valueOf(expected.size()));
      assertThat(summary.selectFirst("[data-field=calls]").text()).isEqualTo(String.format(Locale.ROOT, "%,d", calls));
      assertThat(section.attr("data-calls")).isEqualTo(String.valueOf(calls));

      // the burn-down: per date, the sites left as the page would show them then (the report's, and at the scan's
      // date the scan's too), those called, and the calls
      List<String> left = new ArrayList<>();
      List<String> called = new ArrayList<>();
      List<String> callsOverTime = new ArrayList<>();
      Set<String> scanned = sites(scan).stream().filter(s -> s.get("rule").equals(rule))
          .map(HtmlReportInChromiumTest::key).collect(Collectors.toSet());
      for (Map.Entry<String, Map<String, Map<String, Object>>> at : List.of(Map.entry(EARLY, joined(early)),
          Map.entry(LATE, joined(late)), Map.entry(MIGRATED, now))) {
        List<Map<String, Object>> of = at.getValue().values().stream().filter(s -> s.get("rule").equals(rule)).toList();
        Set<String> known = of.stream().map(HtmlReportInChromiumTest::key).collect(Collectors.toSet());
        if (at.getKey().equals(LATE)) {
          known.addAll(scanned); // the scan of that date adds the classes that never loaded
        }
        left.add(point(at.getKey(), known.size()));
        called.add(point(at.getKey(), of.stream().filter(s -> count(s) > 0).count()));
        callsOverTime.add(point(at.getKey(), of.stream().mapToLong(HtmlReportInChromiumTest::count).sum()));
      }
      assertThat(marks(section, "sites", "left")).as(rule).containsExactlyElementsOf(left);
      assertThat(marks(section, "sites", "called")).as(rule).containsExactlyElementsOf(called);
      assertThat(marks(section, "calls", "calls")).as(rule).containsExactlyElementsOf(callsOverTime);
      assertThat(section.select("svg.burndown[data-metric=calls]").attr("data-scale")).isEqualTo("log");
      assertThat(section.select("svg.burndown[data-metric=calls] text.x-tick").eachText()).as(rule)
          .isEqualTo(section.select("svg.burndown[data-metric=sites] text.x-tick").eachText());
      assertThat(section.select("svg.burndown polyline.line")).as(rule).isNotEmpty()
          .allSatisfy(l -> assertThat(l.attr("points")).matches("[\\d.]+,[\\d.]+( [\\d.]+,[\\d.]+)*"));
    }
    // the migrated class took call sites with it: some rule burned down
    assertThat(sites(migrated)).hasSizeLessThan(sites(late).size());

    // the rule run at observe first, then at redirect
    assertThat(rules(early)).filteredOn(r -> r.get("id").equals("ws-factory-create-for-user"))
        .singleElement().satisfies(r -> assertThat(r.get("stage")).isEqualTo("observe"));
    assertThat(section(dom, "ws-factory-create-for-user").select(".stage-history .stage-at").stream()
        .map(e -> e.attr("data-stage") + " " + e.attr("data-since")))
        .containsExactly("observe 2026-10-01", "redirect 2026-10-15");

    // the call the agent caught at the legacy method, by reflection
    Map<String, Object> caught = sites(reflective).stream().filter(s -> "reflection".equals(s.get("via")))
        .findFirst().orElseThrow();
    assertThat(count(caught)).isEqualTo(REFLECTIVE_CALLS);
    Element row = section(dom, (String) caught.get("rule")).select("table.sites tr.site").stream()
        .filter(r -> rowKey((String) caught.get("rule"), r).equals(key(caught))).findFirst().orElseThrow();
    assertThat(row.attr("data-via")).isEqualTo("reflection");
    assertThat(row.select(".tag.via").text()).isEqualTo("via reflection");

    assertReadablePicture(chromium.screenshot(page, SHOTS.resolve("burn-down.png"), 1280, 2000), 1280, 2000);
  }

  @Test
  void aScanAsNewAsTheReportAddsTheSitesOfClassesThatNeverLoadedAsNeverCalled() throws Exception {
    Path page = html("with-scan.html", late, scan);
    HeadlessChromium chromium = HeadlessChromium.require(dir);

    Document dom = Jsoup.parse(chromium.dumpDom(page));

    Set<String> reported = sites(late).stream().map(HtmlReportInChromiumTest::key).collect(Collectors.toSet());
    List<Map<String, Object>> scanOnly = sites(scan).stream().filter(s -> !reported.contains(key(s))).toList();
    assertThat(scanOnly).as("the demo driver's call: in the jar, never loaded by the server").singleElement()
        .satisfies(s -> assertThat(s.get("class")).isEqualTo("dev.sunset.examples.chat.DemoDriver"));
    Map<String, Object> demo = scanOnly.get(0);
    Element section = section(dom, (String) demo.get("rule"));
    assertThat(section.select("table.never-called tr.site").stream().map(r -> rowKey((String) demo.get("rule"), r)))
        .containsExactly(key(demo));
    Element row = section.select("table.sites tr.site").stream()
        .filter(r -> rowKey((String) demo.get("rule"), r).equals(key(demo))).findFirst().orElseThrow();
    assertThat(row.attr("data-count")).isEqualTo("0");
    assertThat(row.select(".tag.scan-only").text()).isEqualTo("in the scan only: class never loaded");
    assertThat(section.selectFirst(".numbers [data-field=never-called] b").text()).isEqualTo("1");

    // every reported site is there with its count, and nothing else but the scan's
    Set<String> shown = new HashSet<>();
    for (Element s : dom.select("section.rule")) {
      s.select("table.sites tr.site").forEach(r -> shown.add(rowKey(s.attr("data-rule"), r)));
    }
    Set<String> expected = new HashSet<>(reported);
    expected.add(key(demo));
    assertThat(shown).isEqualTo(expected);
    assertThat(section(dom, "unified-with-connections").select(".empty").eachText()).contains("No call site left.");
    // a jar is one group, named as the scan names it, whether its sites come from the report or the scan alone
    assertThat(dom.select("tbody.jar").eachAttr("data-code-source")).isNotEmpty()
        .allSatisfy(c -> assertThat(scannedCodeSources).contains(c));

    // what the report says of each rule, which the scan (no messages) does not hide
    for (Map<String, Object> r : rules(late)) {
      Element rule = section(dom, (String) r.get("id"));
      assertThat(rule.select("code.legacy").text()).isEqualTo(r.get("legacy"));
      assertThat(rule.select("dd.resolution").text()).isEqualTo(r.get("resolution"));
      if (r.get("message") instanceof String m && !m.isBlank()) {
        assertThat(rule.select("dd.message").text()).isEqualTo(m);
      }
    }
    assertThat(dom.select("dd.message")).isNotEmpty();

    // one date: no burn-down, and a note that says why
    assertThat(dom.select("svg")).isEmpty();
    assertThat(dom.select("section.rule p.note").eachText()).hasSize(8).allSatisfy(t -> assertThat(t)
        .contains("several dates"));

    assertReadablePicture(chromium.screenshot(page, SHOTS.resolve("with-scan.png"), 1280, 1600), 1280, 1600);
  }

  @Test
  void withATestsFileEverySiteSaysWhichTestsReachItAndASiteNoTestReachesIsMarked() throws Exception {
    // a tests file written by the record sunset-junit writes with: one test reached every site the report saw called
    String display = "every user is <i>greeted</i> & \"answered\"";
    List<TestSites.SiteCount> called = sites(late).stream().filter(s -> count(s) > 0)
        .map(s -> new TestSites.SiteCount((String) s.get("rule"), (String) s.get("class"), (String) s.get("method"),
            (String) s.get("file"), s.get("line") == null ? 0 : ((Number) s.get("line")).intValue(), count(s), false))
        .toList();
    TestSites written = new TestSites(Instant.parse(LATE), null, List.of(new TestSites.TestEntry(
        "[engine:junit-jupiter]/[class:dev.sunset.examples.chat.ChatTest]/[method:greets()]",
        "dev.sunset.examples.chat.ChatTest", "greets", display, called)), List.of(), List.of());
    Path tests = Files.writeString(dir.resolve("tests.json"), written.toJson());
    Path page = html("with-tests.html", late, scan, tests);
    HeadlessChromium chromium = HeadlessChromium.require(dir);

    Document dom = Jsoup.parse(chromium.dumpDom(page));

    Map<String, Long> reached = new LinkedHashMap<>();
    called.forEach(c -> reached.put(c.rule() + " " + c.className() + "#" + c.method() + ":" + c.line(), c.count()));
    assertThat(reached).isNotEmpty();
    Set<String> unreached = new TreeSet<>();
    for (Element s : dom.select("section.rule")) {
      String rule = s.attr("data-rule");
      Set<String> listed = new TreeSet<>();
      s.select("table.sites tr.site").forEach(r -> listed.add(rowKey(rule, r)));
      Set<String> tested = new TreeSet<>();
      for (Element r : s.select("table.tested tr.tested-site")) {
        String key = rowKey(rule, r);
        tested.add(key);
        if (reached.containsKey(key)) {
          assertThat(r.attr("data-reached")).as(key).isEqualTo("yes");
          assertThat(r.select("li.test")).as(key).singleElement().satisfies(li -> {
            assertThat(li.select(".test-name").text()).isEqualTo("dev.sunset.examples.chat.ChatTest#greets");
            assertThat(li.select(".display-name").text()).isEqualTo(display);
            assertThat(li.attr("data-calls")).isEqualTo(String.valueOf(reached.get(key)));
          });
        } else {
          assertThat(r.attr("data-reached")).as(key).isEqualTo("no");
          assertThat(r.select(".tag.no-test").text()).as(key).isEqualTo("no test reaches it");
          unreached.add(key);
        }
      }
      assertThat(tested).as("the sites of %s", rule).isEqualTo(listed);
      String untested = String.valueOf(tested.stream().filter(k -> !reached.containsKey(k)).count());
      assertThat(s.selectFirst(".numbers [data-field=untested] b").text()).isEqualTo(untested);
      Element summary = dom.select("table.rules tr.rule-summary").stream()
          .filter(e -> e.attr("data-rule").equals(rule)).findFirst().orElseThrow();
      assertThat(summary.selectFirst("td[data-field=untested]").text()).as("the overview's row of %s", rule)
          .isEqualTo(untested);
    }
    assertThat(unreached).as("the demo driver's call, in the jar and never loaded, is one no test reaches")
        .anyMatch(k -> k.contains("dev.sunset.examples.chat.DemoDriver#"));
    assertThat(dom.select("table.rules thead th").eachText()).contains("No test reaches");
    assertThat(dom.select("i")).isEmpty();
    assertThat(dom.select(".inputs tr.input[data-kind=tests]")).hasSize(1);
    assertReadablePicture(chromium.screenshot(page, SHOTS.resolve("with-tests.png"), 1280, 1600), 1280, 1600);
  }

  @Test
  void namesMessagesAndPathsAreShownAsTextNeverAsMarkup() throws Exception {
    String evilClass = "dev.sunset.<script>alert(1)</script>.Evil\"'&";
    String evilFile = "\"><img src=x onerror=alert(2)>.java";
    String evilJar = "file:/tmp/'><svg onload=alert(3)>/a&b.jar";
    String evilMessage = "</style><b>bold</b> & <!-- not a comment -->";
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(reflective));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("callSites");
    for (Map<String, Object> s : sites) {
      s.put("class", evilClass);
      s.put("file", evilFile);
      s.put("codeSource", evilJar);
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules = (List<Map<String, Object>>) json.get("rules");
    rules.forEach(r -> r.put("message", evilMessage));
    Path hostile = Files.writeString(dir.resolve("hostile.json"), JSON.std.asString(json));
    Path page = html("hostile.html", hostile);
    HeadlessChromium chromium = HeadlessChromium.require(dir);

    Document dom = Jsoup.parse(chromium.dumpDom(page));

    assertThat(dom.select("script, img")).isEmpty();
    assertThat(dom.select("b")).isNotEmpty().allSatisfy(b -> assertThat(b.parents().hasClass("numbers")).isTrue());
    assertThat(dom.select("svg")).isEmpty();
    assertThat(dom.select("dd.message").eachText()).hasSize(rules.size()).containsOnly(evilMessage);
    List<Element> rows = dom.select("table.sites tr.site");
    assertThat(rows).hasSize(sites.size()).allSatisfy(r -> {
      assertThat(r.attr("data-class")).isEqualTo(evilClass);
      assertThat(r.selectFirst("td.caller code").attr("title")).isEqualTo(evilClass);
      assertThat(r.selectFirst("td.location").text()).startsWith(evilFile + ":");
    });
    assertThat(dom.select("tbody.jar").eachAttr("data-code-source")).containsOnly(evilJar);
    assertThat(dom.select("tbody.jar .jar-path").eachText()).containsOnly(evilJar);
    assertThat(dom.select("style")).hasSize(1);
  }

  @Test
  void thePageNeedsNothingFromTheNetwork() throws Exception {
    String html = Files.readString(html("offline.html", early, late));

    assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "src=", "url(", "@import");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:");
  }

  /** A PNG of the window's size that shows something: many colours, and ink on a good part of it. */
  private static void assertReadablePicture(Path png, int width, int height) throws Exception {
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).as("%s starts as a PNG does", png).startsWith(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) {
          inked++;
        }
      }
    }
    assertThat(colours).as("distinct colours in %s", png).hasSizeGreaterThan(100);
    assertThat(inked / (double) ((width / 2) * (height / 2))).as("share of non-white pixels in %s", png)
        .isGreaterThan(0.05);
  }
}
