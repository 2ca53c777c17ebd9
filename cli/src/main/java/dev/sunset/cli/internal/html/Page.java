package dev.sunset.cli.internal.html;

import java.util.List;

/**
 * What the HTML report shows, computed from its inputs by {@link HtmlReport}: the template ({@code report.jte})
 * only lays it out, and escapes every value as it writes it. Counts that no report measured are null in the
 * numbers and {@code —} in the texts.
 *
 * @param title the page's title
 * @param generatedAt when the page was made
 * @param version Sunset's version
 * @param summary one sentence on what the page was made from
 * @param newest what the rule sections describe (the newest report, and the scan if it is at least as new)
 * @param verdictBasis what the verdicts rest on and the thresholds they were judged with
 * @param inputs the files it was made from: reports and scans oldest first, then tests files oldest first
 * @param rules a section per rule, by id
 * @param tests what the tests files ({@code sunset-tests/1}) given say, in words, or null when none was given
 */
public record Page(String title, String generatedAt, String version, String summary, String newest,
    String verdictBasis, List<InputRow> inputs, List<RuleSection> rules, String tests) {
  /** {@code one} when {@code n} is 1, else {@code many}: the words after a number. */
  public static String noun(long n, String one, String many) {
    return n == 1 ? one : many;
  }

  /**
   * One input file.
   *
   * @param file its path as given
   * @param kind {@code report}, {@code scan} or {@code tests}
   * @param generatedAt when it was written
   * @param sites how many call sites it lists
   * @param calls how many calls it counts ({@code —} for a scan)
   */
  public record InputRow(String file, String kind, String generatedAt, String sites, String calls) {}

  /**
   * One rule: where its call sites are, which ran and which never did, and how that changed over time.
   *
   * @param id the rule id
   * @param anchor the section's element id
   * @param legacy the legacy member, or null
   * @param replacement the replacement, or null
   * @param stage the stage now, or null
   * @param stageHistory the stage at each date it changed (reports only), oldest first
   * @param message the rule's message, or null
   * @param resolution {@code resolved}, {@code refused} or {@code unresolved}, or null
   * @param counted whether a report measured this rule's calls (otherwise its sites come from a scan only)
   * @param sites call sites left
   * @param calledSites call sites that ran
   * @param neverCalledSites call sites that never ran (0 when not counted)
   * @param calls calls counted, or {@code —}
   * @param callsValue calls counted (0 when not counted)
   * @param trend how the sites and calls changed from the oldest report to the newest, or null
   * @param mostCalled the most-called sites, most first
   * @param neverCalled the sites with no call
   * @param jars every site, by jar (code source) and package
   * @param charts the burn-down: call sites, then calls; empty with fewer than two dates
   * @param chartNote why there is no burn-down, or null
   * @param verdict the rule's verdict, as {@code sunset verdict} gives it for the same inputs
   * @param tested which tests reach each of the rule's call sites, by class and line; null when no tests file was
   *     given (so nothing is known of tests), empty when one was and neither it nor a report or scan lists a site
   * @param classRule whether the rule names a whole class: its sites are every use of it
   * @param members for a class rule, its sites by member and use, with their counts; empty for a method rule
   */
  public record RuleSection(String id, String anchor, String legacy, String replacement, String stage,
      List<StageAt> stageHistory, String message, String resolution, boolean counted, int sites, int calledSites,
      int neverCalledSites, String calls, long callsValue, String trend, List<SiteRow> mostCalled,
      List<SiteRow> neverCalled, List<JarGroup> jars, List<Chart> charts, String chartNote, Badge verdict,
      List<TestedSite> tested, boolean classRule, List<MemberRow> members) {
    /** How many of {@link #tested()}'s sites no test reaches; 0 when no tests file was given. */
    public long untested() {
      return tested == null ? 0 : tested.stream().filter(t -> !t.reached()).count();
    }
  }

  /**
   * One member of a class rule's class, as its sites use it.
   *
   * @param member the member ({@code create(java.lang.String)}, {@code <init>(int)}, a field's name, {@code <class>})
   * @param use how the sites use it ({@code new}, {@code field-read}, ...)
   * @param sites how many sites use it so
   * @param calls the uses counted there, or {@code —} when no report counts the rule (a type reference never runs: 0)
   */
  public record MemberRow(String member, String use, int sites, String calls) {}

  /**
   * One call site and the tests that reach it, from the tests files given ({@code sunset-tests/1}).
   *
   * @param className the calling class's binary name
   * @param method the calling method
   * @param location {@code File.java:42} ({@code ?} where unknown)
   * @param line the line, or 0
   * @param tests the tests that reached it while they ran alone, most calls first
   * @param whileSeveralTestsRan the calls made while more than one test ran (so no one test can be named), in words
   *     ({@code 3 calls}), or null for none
   * @param outsideAnyTest the calls made while no test ran (class set-up, between tests), in words, or null for none
   * @param reached whether a test reached it: one named test, or tests that ran at once
   */
  public record TestedSite(String className, String method, String location, int line, List<TestCall> tests,
      String whileSeveralTestsRan, String outsideAnyTest, boolean reached) {}

  /**
   * A test that reached a call site.
   *
   * @param className the test's class, or null when its source is not a class
   * @param method the test's method, or null when its source is not a method
   * @param displayName the test's display name
   * @param count the calls it made there
   * @param calls the same in words ({@code 1,234 calls})
   */
  public record TestCall(String className, String method, String displayName, long count, String calls) {}

  /**
   * A rule's verdict as a badge: "delete it" only where it is {@code migrated}.
   *
   * @param kind {@code migrated}, {@code dead}, {@code in-use} or {@code unknown}
   * @param label what the badge says
   * @param why for {@code unknown}: what is missing, one sentence each
   * @param evidence what it rests on, in words
   */
  public record Badge(String kind, String label, List<String> why, String evidence) {}

  /**
   * A rule's stage from a date on.
   *
   * @param stage the stage
   * @param since the date of the first report that shows it
   */
  public record StageAt(String stage, String since) {}

  /**
   * The sites of one jar (code source).
   *
   * @param codeSource the code source as the inputs name it, or {@code null} when unknown
   * @param label its short name (the jar's file name, and the entry for nested jars)
   * @param sites how many call sites it holds
   * @param calls how many calls they got, or {@code —}
   * @param summary both, in words
   * @param packages its sites by package
   */
  public record JarGroup(String codeSource, String label, int sites, String calls, String summary,
      List<PackageGroup> packages) {}

  /**
   * The sites of one package within a jar.
   *
   * @param name the package, or {@code (default package)}
   * @param sites how many call sites it holds
   * @param calls how many calls they got, or {@code —}
   * @param summary both, in words
   * @param rows the sites, by class and line
   */
  public record PackageGroup(String name, int sites, String calls, String summary, List<SiteRow> rows) {}

  /**
   * One call site.
   *
   * @param className the calling class's binary name
   * @param simpleName the class name without its package
   * @param method the calling method
   * @param descriptor the calling method's descriptor, or null
   * @param location {@code File.java:42} ({@code ?} where unknown)
   * @param line the line, or 0
   * @param codeSource the jar or folder, or null
   * @param jar the jar's short name
   * @param count calls counted, or null when no report measured them
   * @param countText the count as shown ({@code 1,234}, or {@code —})
   * @param stage the stage it runs at, or null
   * @param reached how calls reach the legacy method when no rewritten site covers them ({@code via} of the report:
   *     {@code reflection}, {@code method-handle}, {@code method-reference}, {@code unrewritten}), or null
   * @param calledThrough the subtype the call names, or null
   * @param methodReference whether it is a method reference
   * @param scanOnly whether only the scan lists it (its class never loaded in the reported run)
   * @param use for a class rule's site, its use and member ({@code new <init>(int)}); null for a method rule's
   */
  public record SiteRow(String className, String simpleName, String method, String descriptor, String location,
      int line, String codeSource, String jar, Long count, String countText, String stage, String reached,
      String calledThrough, boolean methodReference, boolean scanOnly, String use) {
    /** The count as a {@code data-count} attribute, or null (the attribute is left out) when not measured. */
    public String countAttribute() {
      return count == null ? null : String.valueOf(count);
    }
  }
}
