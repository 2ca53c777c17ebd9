package dev.sunset.cli.internal.verdict;

import dev.sunset.cli.internal.io.Style;
import dev.sunset.cli.internal.io.Table;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.scan.ScannedSite;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A verdict for people: per rule its answer, its sites with their counts, why when unknown, and its evidence; for a
 * class rule, also its uses grouped by use and member, and each site's use.
 */
public final class VerdictTable {
  private VerdictTable() {}

  public static String render(Verdict verdict, Style style) {
    StringBuilder sb = new StringBuilder();
    for (Verdict.RuleVerdict v : verdict.rules()) {
      sb.append(style.bold(v.id())).append("  ").append(style.verdict(v.verdict())).append("  ")
          .append(Printable.line(summary(v))).append('\n');
      if (v.classRule()) {
        sb.append("   ").append(style.faint("uses:")).append(' ').append(Printable.line(uses(v))).append('\n');
      }
      if (!v.sites().isEmpty()) {
        List<String[]> rows = new ArrayList<>();
        for (Verdict.Site s : v.sites()) {
          rows.add(new String[] {"   " + String.format(Locale.ROOT, "%,d", s.count()),
              ScannedSite.location(s.file(), s.line()), s.className() + "." + s.method() + used(v, s),
              s.codeSource() + note(s)});
        }
        sb.append(Table.render(rows));
      }
      if (v.unattributedCalls() > 0) {
        sb.append("   ").append(Counted.of(v.unattributedCalls(), "call"))
            .append(" beyond the agent's series cap, not attributed to a site\n");
      }
      for (Verdict.Reason r : v.why()) {
        sb.append("   ").append(style.yellow("unknown because")).append(' ').append(Printable.line(r.detail()))
            .append('\n');
      }
      sb.append("   ").append(style.faint("evidence:")).append(' ').append(Printable.line(evidence(v))).append('\n');
    }
    return sb.toString();
  }

  private static String summary(Verdict.RuleVerdict v) {
    int sites = v.sites().size();
    long never = v.sites().stream().filter(s -> s.count() == 0).count();
    String seen = v.evidence() == null ? "" : " in " + Counted.of(v.evidence().jvms(), "JVM") + " over "
        + days(v.evidence().days()) + (v.evidence().days() == 1.0 ? " day" : " days");
    if (v.classRule()) {
      boolean pkg = MemberRef.namesPackage(v.legacy()); // a package rule: the same, of the package's classes
      String it = pkg ? "the package" : "the class";
      return switch (v.verdict()) {
        case MIGRATED -> "no use of " + (pkg ? "any class of the package" : "the class") + " left and none seen" + seen
            + ": delete " + it;
        case DEAD -> Counted.of(sites, "use") + (pkg ? " of the package's classes" : " of the class") + " left, none seen"
            + " running" + seen + ": delete them with their dead code, or migrate them; then " + it;
        case IN_USE -> Counted.of(v.calls(), "call or use", "calls and uses") + " counted; " + Counted.of(sites, "site")
            + ", " + String.format(Locale.ROOT, "%,d", never) + " never seen running";
        case UNKNOWN -> "no use seen" + seen + ", but that does not show nothing uses " + it + " ("
            + Counted.of(sites, "use") + " left)";
      };
    }
    return switch (v.verdict()) {
      case MIGRATED -> "no call site left and no call seen" + seen + ": the legacy method can be deleted";
      case DEAD -> Counted.of(sites, "call site") + " left, none called" + seen + ": delete them with their dead "
          + "code, or migrate them";
      case IN_USE -> Counted.of(v.calls(), "call") + "; " + Counted.of(sites, "call site") + ", "
          + String.format(Locale.ROOT, "%,d", never) + " never called";
      case UNKNOWN -> "no call seen" + seen + ", but that does not show nothing calls it (" + Counted.of(sites,
          "call site") + " left)";
    };
  }

  /**
   * A class rule's uses grouped by use and member, {@code new <init>() 2 sites (6 counted), type-reference <class> 3
   * sites}; a package rule's per class, {@code Factory: new <init>() 2 sites; Widget: call run() 1 site}; {@code none
   * left} when it has none.
   */
  static String uses(Verdict.RuleVerdict v) {
    if (v.uses().isEmpty()) {
      return "none left";
    }
    boolean packageRule = MemberRef.namesPackage(v.legacy());
    List<String> groups = new ArrayList<>();
    String lastClass = null;
    StringBuilder perClass = new StringBuilder();
    for (Verdict.MemberUse u : v.uses()) {
      String member = u.member();
      if (packageRule) { // per class: "Factory: new <init>() 2 sites, call create() 1 site; Widget: ..."
        String c = MemberRef.classOfMember(member);
        member = member == null || c.length() == member.length() ? member : member.substring(c.length() + 1);
        if (!Objects.equals(c, lastClass) || perClass.length() == 0) {
          if (perClass.length() > 0) {
            groups.add(perClass.toString());
          }
          perClass = new StringBuilder(c == null ? "(class not named)" : c).append(": ");
          lastClass = c;
        } else {
          perClass.append(", ");
        }
        perClass.append(use(u, member));
        continue;
      }
      groups.add(use(u, member));
    }
    if (perClass.length() > 0) {
      groups.add(perClass.toString());
    }
    return String.join(packageRule ? "; " : ", ", groups);
  }

  private static String use(Verdict.MemberUse u, String member) {
    return (u.use() == null ? "a use the evidence does not name" : u.use().forPeople(member)) + " "
        + Counted.of(u.sites(), "site") + (u.calls() == 0 ? "" : String.format(Locale.ROOT, " (%,d counted)",
            u.calls()));
  }

  /** A class rule's site's use and member, {@code  (field-read name)}; nothing for a method rule's. */
  private static String used(Verdict.RuleVerdict v, Verdict.Site s) {
    if (!v.classRule()) {
      return "";
    }
    return " (" + (s.use() == null ? "use not named by the evidence" : s.use().forPeople(s.member())) + ")";
  }

  private static String note(Verdict.Site s) {
    if (s.via() != null) {
      return " (via " + s.via().id() + ")";
    }
    return s.inArtifacts() ? "" : " (not found by the scan)";
  }

  private static String evidence(Verdict.RuleVerdict v) {
    List<String> parts = new ArrayList<>();
    Verdict.Coverage c = v.evidence();
    if (c != null) {
      List<String> caveats = new ArrayList<>();
      if (c.lateAttachedJvms() > 0) {
        caveats.add(c.lateAttachedJvms() + " attached late");
      }
      if (c.jvmsWithoutExitReport() > 0) {
        caveats.add(c.jvmsWithoutExitReport() + " without its exit report");
      }
      if (c.jvmsOfUnknownStart() > 0) {
        caveats.add(c.jvmsOfUnknownStart() + " of unknown start");
      }
      if (c.refusedInJvms() > 0) {
        caveats.add("refused in " + c.refusedInJvms() + " more");
      }
      parts.add(Counted.of(c.jvms(), "JVM") + (caveats.isEmpty() ? "" : " (" + String.join(", ", caveats) + ")")
          + (c.from() == null ? "" : " from " + c.from() + " to " + c.to() + " (" + days(c.days()) + " days)"));
    }
    if (!v.watchedAs().isEmpty()) {
      parts.add("also watched as " + String.join(", ", v.watchedAs()));
    }
    if (v.firstCallAt() != null) {
      parts.add("first call " + v.firstCallAt() + (v.lastCallSeenAt() == null ? "" : ", last seen by " + v.lastCallSeenAt()));
    }
    if (v.resolution() == null) {
      parts.add("not scanned");
    } else {
      List<String> where = new ArrayList<>();
      for (Scan.ResolvedIn in : v.resolvedIn()) {
        where.add(in.scope() + (in.codeSource() == null || in.codeSource().equals(in.scope()) ? ""
            : " (" + in.codeSource() + ")"));
      }
      parts.add(where.isEmpty() ? v.resolution().id() + " in the scanned artifacts" : "resolved in " + String.join(", ", where));
      for (Scan.RefusedIn r : v.refusedIn()) {
        parts.add("refused in " + r.scope());
      }
    }
    return String.join("; ", parts);
  }

  private static String days(double days) {
    return String.format(Locale.ROOT, "%.1f", days);
  }
}
