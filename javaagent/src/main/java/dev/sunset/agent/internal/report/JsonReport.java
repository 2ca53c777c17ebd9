package dev.sunset.agent.internal.report;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.agent.internal.rules.RuleResolutions.ResolvedAt;
import dev.sunset.core.format.Formats;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Via;
import dev.sunset.core.io.OutputFile;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a snapshot as the JSON report ({@value #FORMAT}), atomically: to a new temporary file in the same
 * folder, then renamed over the report, so a reader never sees a half-written file.
 */
public final class JsonReport {
  /** The report format id; readers check it. */
  public static final String FORMAT = Formats.REPORT;

  private JsonReport() {}

  /** The report as JSON text. */
  public static String toJson(CallSiteSnapshot snapshot) {
    return toReport(snapshot).toJson();
  }

  /** The snapshot as the report's records. */
  public static Report toReport(CallSiteSnapshot snapshot) {
    List<Report.Rule> rules = new ArrayList<>();
    for (RuleSpec r : snapshot.rules()) {
      Stage stage = snapshot.ruleStages().get(r.id());
      CallSiteSnapshot.Resolution resolution = snapshot.resolution(r.id());
      List<Report.ResolvedIn> at = new ArrayList<>();
      for (ResolvedAt where : resolution.resolvedAt()) {
        at.add(new Report.ResolvedIn(where.loader(), where.codeSource()));
      }
      rules.add(new Report.Rule(r.id(), r.legacyText(), r.replacementText(), stage == null ? r.stage() : stage,
          r.stage(), r.message(), r.source().label(), r.line(), RuleResolution.valueOf(resolution.status().name()), at,
          r.schedule(), resolution.withoutCounterpart()));
    }
    List<Report.Site> sites = new ArrayList<>(snapshot.sites().size());
    for (CallSiteSnapshot.Site s : snapshot.sites()) {
      CallSiteInfo info = s.info();
      ClassUse use = info.classUse(); // what the site is, as telemetry, JFR, JMX and the table name it too
      String member = use == null ? null : use.member();
      sites.add(new Report.Site(info.ruleId(), info.className(), info.methodName(), info.methodDescriptor(),
          info.sourceFile(), info.line(), info.codeSource(), s.total(), s.stage(), s.counts(), info.firstCallAt(), null,
          info.methodReference(), info.reach().via() == null ? null : Via.parse(info.reach().via()),
          info.calledThrough(), List.of(), info.reach().use(), member,
          s.rolledBack() == null ? null : s.rolledBack().at(), s.rolledBack() == null ? null : s.rolledBack().reason()));
    }
    List<Report.Run> runs = new ArrayList<>();
    CallSiteSnapshot.Run run = snapshot.run();
    if (run != null) {
      List<Report.RunRule> watched = new ArrayList<>();
      for (Report.Rule r : rules) {
        watched.add(new Report.RunRule(r.id(), r.legacy(), r.resolution()));
      }
      runs.add(new Report.Run(run.id(), run.pid(), run.jvmStartedAt(), run.agentStartedAt(), run.attachedLate(),
          run.lastReportAt(), run.exitReport(), watched));
    }
    return new Report(snapshot.takenAt(), runs, rules, sites, List.of());
  }

  /**
   * Writes the report to {@code file} atomically, creating its folder if needed, only where the path is a regular
   * file or nothing yet ({@link OutputFile}: a link is not followed, a device, FIFO or folder is refused).
   *
   * @throws OutputFile.Refused when the path is not one to write to
   */
  public static void write(CallSiteSnapshot snapshot, Path file) throws IOException {
    OutputFile.write(file, toJson(snapshot) + "\n");
  }
}
