package dev.sunset.agent.internal.report;

import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.text.Counted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The short call-site table printed on standard error at exit: most-called sites first. A class rule's site names its
 * use and member after the caller ({@code app.Main.main(Main.java:9) new <init>()}), so that two uses on one line are
 * two rows that say which is which. The lines are printed through {@code AgentLog}, which escapes every name in them.
 */
public final class SummaryTable {
  private static final int MAX_ROWS = 40;

  private SummaryTable() {}

  /**
   * One line per rule that never took effect: its legacy class was defined by no class loader (a likely
   * typo, or a library that never loaded), or it fitted that class nowhere.
   */
  public static List<String> unresolved(CallSiteSnapshot snapshot) {
    List<String> lines = new ArrayList<>();
    for (RuleSpec r : snapshot.rules()) {
      switch (snapshot.resolution(r.id()).status()) {
        case UNRESOLVED -> lines.add("rule '" + r.id() + "' (" + r.location() + ") never resolved: no class loader"
            + (r.legacy().isPackage() ? " found a class of package " + r.legacy().ownerBinaryName() + " named by a class"
                + " it loaded" : " defined its legacy class " + r.legacy().ownerBinaryName()) + "; is the name right?");
        case REFUSED -> lines.add("rule '" + r.id() + "' (" + r.location() + ") never applied: it does not fit "
            + r.legacy().ownerBinaryName() + " in any class loader that has it (see the lines above)");
        case RESOLVED -> { }
      }
    }
    return lines;
  }

  /** The table's lines, without the {@code [sunset]} prefix. */
  public static List<String> lines(CallSiteSnapshot snapshot, String reportLocation) {
    List<CallSiteSnapshot.Site> sites = new ArrayList<>(snapshot.sites());
    sites.sort(Comparator.comparingLong(CallSiteSnapshot.Site::total).reversed()
        .thenComparing(s -> s.info().ruleId()).thenComparing(s -> s.info().className())
        .thenComparingInt(s -> s.info().line()));
    long uncalled = sites.stream().filter(s -> s.total() == 0).count();
    long calls = sites.stream().mapToLong(CallSiteSnapshot.Site::total).sum();
    List<String> lines = new ArrayList<>();
    int rules = snapshot.rules().size();
    lines.add("legacy call sites: " + rules + " " + Counted.noun(rules, "rule") + ", " + sites.size() + " "
        + Counted.noun(sites.size(), "site") + " (" + uncalled + " never called), " + calls + " "
        + Counted.noun(calls, "call") + (reportLocation == null ? "" : "; report: " + reportLocation));
    if (sites.isEmpty()) {
      return lines;
    }
    int ruleWidth = "RULE".length();
    for (CallSiteSnapshot.Site s : sites) {
      ruleWidth = Math.max(ruleWidth, s.info().ruleId().length());
    }
    String format = "%12s  %-8s  %-" + ruleWidth + "s  %s";
    lines.add(String.format(format, "CALLS", "STAGE", "RULE", "CALLER"));
    int shown = 0;
    for (CallSiteSnapshot.Site s : sites) {
      if (shown++ == MAX_ROWS) {
        int more = sites.size() - MAX_ROWS;
        lines.add("... " + more + " more " + Counted.noun(more, "site") + " in the report");
        break;
      }
      String via = s.info().reach().via();
      ClassUse use = s.info().classUse();
      String caller = s.info().callerForPeople() + (use == null ? "" : " " + use.forPeople())
          + (via == null ? "" : " via " + via);
      lines.add(String.format(format, s.total(), s.stage() == null ? "-" : s.stage().id(), s.info().ruleId(), caller));
    }
    return lines;
  }
}
