package dev.sunset.agent.internal.report;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.agent.internal.rules.RulesInForce.ResolvedAt;
import dev.sunset.core.report.Formats;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a snapshot as the JSON report ({@value #FORMAT}), atomically: to a temporary file in the same
 * folder, then renamed over the report, so a reader never sees a half-written file.
 */
public final class JsonReport {
  /** The report format id; readers check it. */
  public static final String FORMAT = Formats.REPORT;

  private JsonReport() {}

  /** The report as JSON text. */
  public static String toJson(CallSiteSnapshot snapshot) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("generatedAt", snapshot.takenAt().toString());
    List<Object> runs = new ArrayList<>();
    CallSiteSnapshot.Run run = snapshot.run();
    if (run != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", run.id());
      m.put("pid", run.pid());
      if (run.jvmStartedAt() != null) {
        m.put("jvmStartedAt", run.jvmStartedAt().toString());
      }
      m.put("agentStartedAt", run.agentStartedAt().toString());
      m.put("attachedLate", run.attachedLate());
      m.put("lastReportAt", run.lastReportAt().toString());
      m.put("exitReport", run.exitReport());
      runs.add(m);
    }
    root.put("runs", runs);
    List<Object> rules = new ArrayList<>();
    for (RuleSpec r : snapshot.rules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("legacy", r.legacyText());
      m.put("replacement", r.replacementText());
      Stage stage = snapshot.ruleStages().get(r.id());
      m.put("stage", stage == null ? r.stage().id() : stage.id());
      m.put("configuredStage", r.stage().id());
      m.put("message", r.message());
      m.put("source", r.source().label());
      m.put("line", r.line());
      CallSiteSnapshot.Resolution resolution = snapshot.resolution(r.id());
      m.put("resolution", resolution.status().name().toLowerCase(Locale.ROOT));
      List<Object> at = new ArrayList<>();
      for (ResolvedAt where : resolution.resolvedAt()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("loader", where.loader());
        w.put("codeSource", where.codeSource());
        at.add(w);
      }
      m.put("resolvedIn", at);
      if (!r.schedule().isEmpty()) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        r.schedule().forEach((s, d) -> schedule.put(s.id(), d.toString()));
        m.put("schedule", schedule);
      }
      rules.add(m);
    }
    root.put("rules", rules);
    List<Object> sites = new ArrayList<>();
    for (CallSiteSnapshot.Site s : snapshot.sites()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", s.info().ruleId());
      m.put("class", s.info().className());
      m.put("method", s.info().methodName());
      m.put("descriptor", s.info().methodDescriptor());
      m.put("file", s.info().sourceFile());
      m.put("line", s.info().line());
      m.put("codeSource", s.info().codeSource());
      m.put("count", s.total());
      m.put("stage", s.stage() == null ? null : s.stage().id());
      Map<String, Object> byStage = new LinkedHashMap<>();
      s.counts().forEach((stage, c) -> byStage.put(stage.id(), c));
      m.put("countsByStage", byStage);
      if (s.info().firstCallAt() != null) {
        m.put("firstCallAt", s.info().firstCallAt().toString());
      }
      if (s.info().methodReference()) {
        m.put("methodReference", true);
      }
      if (s.info().reach().via() != null) {
        m.put("via", s.info().reach().via());
      }
      if (s.info().calledThrough() != null) {
        m.put("calledThrough", s.info().calledThrough());
      }
      sites.add(m);
    }
    root.put("callSites", sites);
    return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
  }

  /** Writes the report to {@code file} atomically, creating its folder if needed. */
  public static void write(CallSiteSnapshot snapshot, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Thread.currentThread().getId() + ".tmp");
    try {
      Files.writeString(temp, toJson(snapshot) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
