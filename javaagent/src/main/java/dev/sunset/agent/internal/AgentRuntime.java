package dev.sunset.agent.internal;

import dev.sunset.agent.internal.config.AgentOptions;
import dev.sunset.agent.internal.config.SystemLookup;
import dev.sunset.agent.internal.jfr.JfrEvents;
import dev.sunset.agent.internal.jmx.RulesControl;
import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.linkage.IndyBootstrap;
import dev.sunset.agent.internal.linkage.LegacyGuards;
import dev.sunset.agent.internal.linkage.Rollbacks;
import dev.sunset.agent.internal.linkage.StageChange;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.registry.RolledBackSites;
import dev.sunset.agent.internal.registry.SiteStages;
import dev.sunset.agent.internal.registry.ThisRun;
import dev.sunset.agent.internal.report.JsonReport;
import dev.sunset.agent.internal.report.SummaryTable;
import dev.sunset.agent.internal.rewrite.LegacyCallTransformer;
import dev.sunset.agent.internal.rules.Baselines;
import dev.sunset.agent.internal.rules.RuleFile;
import dev.sunset.agent.internal.rules.RulesClock;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.agent.internal.rules.RulesReloader;
import dev.sunset.agent.internal.rules.StageResolver;
import dev.sunset.agent.internal.telemetry.Telemetry;
import dev.sunset.agent.internal.telemetry.TelemetryStarter;
import dev.sunset.core.io.OutputFile;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.Stage;
import dev.sunset.core.text.Counted;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.MBeanServerFactory;

/**
 * The running agent: wires the parts (rules, transformer, linker, guards, telemetry), keeps call sites at
 * the stage their rules give them as the rules file, the date and operators change it, and writes the
 * report periodically and at exit.
 */
public final class AgentRuntime implements RulesControl.Agent {
  /** How often the rules file, the baselines and the date are checked for changes. */
  static final long WATCH_INTERVAL_MILLIS = 1000;

  private static volatile AgentRuntime current;

  private final AgentOptions options;
  private final ThisRun run;
  private final RulesInForce rules = new RulesInForce();
  private final CallSiteRegistry registry = new CallSiteRegistry();
  /** The counts of this runtime's call sites, which its linked sites and guards increment. */
  private final CallCounters counters = new CallCounters();
  private final GuardRegistry guardRegistry = new GuardRegistry();
  private final Baselines baselines = new Baselines();
  private final StageResolver stages;
  private final SiteStages siteStages;
  private final CallSiteLinker linker;
  private final LegacyGuards guards;
  /** The rules file's reloader: replaced when a second attach switches the rules file (under {@link #reloadLock}). */
  private volatile RulesReloader reloader;
  /** Taken to read the rules file into force, by the agent's thread and by a second attach: one at a time. */
  private final Object reloadLock = new Object();
  private BootstrapInstaller.Installation linkage;
  private PeriodicTasks thread;
  private final Object reportLock = new Object();
  private boolean exiting;
  private Telemetry telemetry = Telemetry.OFF;
  private JfrEvents jfr;
  /** Each rule's stage as last seen, to tell its changes (guarded by {@code this}). */
  private final Map<String, Stage> ruleStagesSeen = new HashMap<>();
  private LocalDate lastEvaluatedDay;
  private boolean mbeanRegistered;

  private AgentRuntime(AgentOptions options, Clock clock, ThisRun run) {
    this.options = options;
    this.run = run;
    this.stages = new StageResolver(clock, baselines);
    this.siteStages = new SiteStages(stages, new RolledBackSites());
    this.linker = new CallSiteLinker(registry, counters, guardRegistry, siteStages, AgentLog.INFO);
    this.guards = new LegacyGuards(guardRegistry, registry, linker);
  }

  /**
   * Starts the agent; any failure is logged and leaves the application running without it. Attached to a JVM
   * where it runs already, it switches to the rules file this attach gives, or says why not. Either way, what it did
   * goes to the attacher's {@code reply=} file, if any.
   */
  public static synchronized void start(String agentArgs, Instrumentation instrumentation, boolean attachedLate) {
    AgentRuntime running = current;
    if (running != null) {
      if (!attachedLate) {
        AgentLog.info("already running; ignoring a second start");
        return;
      }
      AttachReply reply;
      AgentOptions again = null;
      try {
        again = AgentOptions.read(agentArgs, SystemLookup.NONE, SystemLookup.NONE);
        reply = running.attachAgain(again);
      } catch (Throwable t) {
        AgentLog.failureOnce("attach-again", "could not take a second attach", t);
        reply = new AttachReply(AttachReply.Outcome.FAILED, "failed to take this attach (" + AgentLog.describe(t)
            + "); it runs on as it was");
      }
      AgentLog.info("attached again: " + reply.message());
      reply.writeTo(again == null ? null : again.replyFile());
      return;
    }
    ThisRun run = ThisRun.startingNow(attachedLate);
    AgentOptions options = null;
    AttachReply reply;
    try {
      options = AgentOptions.read(agentArgs, SystemLookup.PROPERTIES, SystemLookup.ENVIRONMENT);
      Clock clock;
      try {
        clock = RulesClock.fromOption(options.clock());
      } catch (IllegalArgumentException e) {
        AgentLog.info("option " + e.getMessage() + "; using the system clock");
        clock = Clock.systemUTC();
      }
      AgentRuntime runtime = new AgentRuntime(options, clock, run);
      int retransformed = runtime.startWith(instrumentation, attachedLate);
      current = runtime;
      reply = new AttachReply(AttachReply.Outcome.STARTED, "started" + runtime.describeRules() + "; "
          + retransformed + " classes already loaded retransformed" + runtime.lateClassRuleNote(attachedLate));
    } catch (Throwable t) {
      AgentLog.failureOnce("start", "could not start; the application runs without Sunset", t);
      reply = new AttachReply(AttachReply.Outcome.FAILED, "could not start (" + AgentLog.describe(t)
          + "); the application runs without Sunset");
    }
    if (attachedLate && options != null) {
      reply.writeTo(options.replyFile());
    }
  }

  /**
   * What attaching late leaves uncounted of class rules, when any is in force: a method already running keeps its
   * code, so its {@code new}, field and lookup uses are counted only from its next entry (its calls reach the guards).
   */
  private String lateClassRuleNote(boolean attachedLate) {
    if (!attachedLate || rules.all().stream().noneMatch(r -> r.legacy().isClass())) {
      return "";
    }
    String note = "; class rules count the new, field and lookup uses of a method already running only from its next"
        + " call (its calls of the class's methods are counted at once)";
    AgentLog.info(note.substring(2));
    return note;
  }

  /** The rules file in force, for people: {@code " with the rules of <file>"}, or that there is none. */
  private String describeRules() {
    RulesReloader r = reloader;
    return r == null ? " without a rules file (the rules the application's jars ship apply)"
        : " with the rules of " + r.file();
  }

  /**
   * A second attach to the running agent: it switches to the rules file given (read and checked as an edit of the
   * rules file is, and applied the same way), and refuses any other option that differs from the running one (they
   * cannot change while the agent runs).
   */
  private AttachReply attachAgain(AgentOptions again) {
    List<String> differences = again.differencesFrom(options);
    if (!differences.isEmpty()) {
      return new AttachReply(AttachReply.Outcome.REFUSED, String.join(", ", differences)
          + ": cannot change while the agent runs (only the rules file can, with rules=); nothing changed");
    }
    Path file = again.rulesFile();
    if (file == null) {
      return new AttachReply(AttachReply.Outcome.UNCHANGED, "nothing to change: it runs" + describeRules()
          + " (rules= switches the rules file)");
    }
    if (!Files.isReadable(file)) {
      return new AttachReply(AttachReply.Outcome.REFUSED, file + " cannot be read; it keeps the rules in force"
          + describeRules());
    }
    synchronized (reloadLock) {
      RulesReloader switched = new RulesReloader(file, rules, stages, null);
      RulesReloader.Outcome outcome = switched.reloadIfChanged();
      if (outcome instanceof RulesReloader.Outcome.Refused refused) {
        RulesInForce.editRefused(refused.problems());
        return new AttachReply(AttachReply.Outcome.REFUSED, file + " refused: " + refused.reason()
            + "; it keeps the rules in force" + describeRules());
      }
      if (!(outcome instanceof RulesReloader.Outcome.Applied applied)) {
        return new AttachReply(AttachReply.Outcome.REFUSED, file + " cannot be read; it keeps the rules in force"
            + describeRules());
      }
      reloader = switched;
      return new AttachReply(AttachReply.Outcome.APPLIED, "switched to the rules of "
          + applyReloaded(applied, file, StageChange.Cause.ATTACH));
    }
  }

  /** Starts the parts; returns the number of classes already loaded that were retransformed (attached late). */
  private int startWith(Instrumentation instrumentation, boolean attachedLate) {
    AppLog.mode(options.log()); // nothing of any logging is looked up until a line is written
    jfr = JfrEvents.start(linker, new Snapshots(this)); // first: it keeps the rules' problems for a recording
    Path rulesFile = options.rulesFile();
    String text = null;
    RuleFile user = null;
    if (rulesFile != null) {
      try {
        text = RuleSource.read(rulesFile);
        user = rules.userFile(RuleSource.userFile(rulesFile), text); // parsed by the agent's thread, or when first needed
      } catch (IOException e) {
        RulesInForce.report(Problem.file(rulesFile.toString(), 0, "cannot be read (" + e.getMessage()
            + "); no rules read from this file"));
      }
      reloader = new RulesReloader(rulesFile, rules, stages, text);
    }
    rules.startWith(user);
    lastEvaluatedDay = stages.today();
    telemetry = TelemetryStarter.start(options, new Snapshots(this), new Listeners(linker));

    linkage = BootstrapInstaller.install(instrumentation);
    IndyBootstrap.install(linker, guards);
    LegacyCallTransformer transformer = new LegacyCallTransformer(rules, registry, guardRegistry, linkage);
    int retransformed = 0;
    if (attachedLate) {
      linkage.activate();
      // Guards first, calls rewritten nowhere yet: a legacy class loaded before the attach gets a guard without a
      // twin, and a rewritten site must know that when it links, or its calls would be counted by the guard too.
      // Guards count nothing until both are done (LegacyGuards.arm): a call caught meanwhile might come from a class
      // not rewritten yet, or from a lambda whose reference is not a site yet. Every call after the attach returns
      // is counted, once, at its own site.
      guards.arm(false);
      try {
        transformer.rewriteCalls(false);
        instrumentation.addTransformer(transformer, true);
        retransformed += retransformLoaded(instrumentation, transformer, true);
        transformer.rewriteCalls(true);
        retransformed += retransformLoaded(instrumentation, transformer, false);
      } finally {
        transformer.rewriteCalls(true);
        guards.arm(true);
      }
    } else {
      instrumentation.addTransformer(transformer, true);
    }
    thread = new PeriodicTasks(tasks());
    thread.start();
    Runtime.getRuntime().addShutdownHook(new ExitHook(this));
    return retransformed;
  }

  /** The agent's snapshots, for telemetry: a class rather than a method reference, so that start-up spins no lambda. */
  private static final class Snapshots implements Supplier<CallSiteSnapshot> {
    private final AgentRuntime runtime;

    Snapshots(AgentRuntime runtime) {
      this.runtime = runtime;
    }

    @Override
    public CallSiteSnapshot get() {
      return runtime.snapshot();
    }
  }

  /** Registers first-call listeners with the linker. */
  private static final class Listeners implements Consumer<FirstCallListener> {
    private final CallSiteLinker linker;

    Listeners(CallSiteLinker linker) {
      this.linker = linker;
    }

    @Override
    public void accept(FirstCallListener listener) {
      linker.addFirstCallListener(listener);
    }
  }

  /**
   * What the agent's thread ({@code sunset}, a daemon) does: first it points the dispatcher at the agent and parses
   * the user's rules, off the application's start-up, and checks the report's path; then, each a task of its own
   * so that none can stop another, every second it folds ended threads' counts, registers the MBean once JMX is in
   * use, reloads the rules file, checks the baselines and the date, and (unless {@code log=stderr}) writes the rule
   * problems waiting for the application's log once a site's line has opened it; and it writes the report every
   * {@code reportInterval}.
   */
  private List<PeriodicTasks.Task> tasks() {
    List<PeriodicTasks.Task> tasks = new ArrayList<>();
    tasks.add(PeriodicTasks.Task.once("activating the dispatcher", new Step(this, Step.ACTIVATE)));
    if (jfr.available()) {
      // before the rules are parsed: sites linked from now on record their first call with a clean stack trace
      tasks.add(PeriodicTasks.Task.once("preparing the JFR events", new Step(this, Step.JFR_PREPARE)));
    }
    tasks.add(PeriodicTasks.Task.once("parsing the rules file", new Step(this, Step.PARSE_RULES)));
    tasks.add(PeriodicTasks.Task.once("noting the rules' stages", new Step(this, Step.NOTE_RULE_STAGES)));
    tasks.add(PeriodicTasks.Task.once("checking the report's path", new Step(this, Step.CHECK_REPORT_PATH)));
    tasks.add(PeriodicTasks.Task.every("folding ended threads' counts", WATCH_INTERVAL_MILLIS,
        new Step(this, Step.SWEEP)));
    tasks.add(PeriodicTasks.Task.every("registering the MBean", WATCH_INTERVAL_MILLIS, new Step(this, Step.JMX)));
    tasks.add(PeriodicTasks.Task.every("reloading the rules file", WATCH_INTERVAL_MILLIS,
        new Step(this, Step.RELOAD)));
    tasks.add(PeriodicTasks.Task.every("checking baselines and the date", WATCH_INTERVAL_MILLIS,
        new Step(this, Step.BASELINES_AND_DATE)));
    tasks.add(PeriodicTasks.Task.every("judging redirected sites' errors", WATCH_INTERVAL_MILLIS,
        new Step(this, Step.ROLLBACKS)));
    if (jfr.available()) {
      tasks.add(PeriodicTasks.Task.every("registering the JFR events once a recording starts", WATCH_INTERVAL_MILLIS,
          new Step(this, Step.JFR_POLL)));
    }
    if (AppLog.active()) {
      tasks.add(PeriodicTasks.Task.every("writing rule problems to the application's log", WATCH_INTERVAL_MILLIS,
          new Step(this, Step.APP_LOG)));
    }
    if (options.reportFile() != null) {
      tasks.add(PeriodicTasks.Task.every("writing the report", options.reportInterval().toMillis(),
          new Step(this, Step.REPORT)));
    }
    return tasks;
  }

  /** One step of the agent's thread: a class rather than a lambda, so that start-up spins none. */
  private static final class Step implements Runnable {
    static final int ACTIVATE = 0;
    static final int PARSE_RULES = 1;
    static final int CHECK_REPORT_PATH = 2;
    static final int SWEEP = 3;
    static final int JMX = 4;
    static final int RELOAD = 5;
    static final int BASELINES_AND_DATE = 6;
    static final int REPORT = 7;
    static final int JFR_PREPARE = 8;
    static final int JFR_POLL = 9;
    static final int NOTE_RULE_STAGES = 10;
    static final int APP_LOG = 11;
    static final int ROLLBACKS = 12;

    private final AgentRuntime runtime;
    private final int kind;

    Step(AgentRuntime runtime, int kind) {
      this.runtime = runtime;
      this.kind = kind;
    }

    @Override
    public void run() {
      switch (kind) {
        case ACTIVATE -> runtime.linkage.activate();
        case PARSE_RULES -> runtime.rules.parseUserRules();
        case CHECK_REPORT_PATH -> runtime.checkReportPath();
        case SWEEP -> runtime.counters.sweep();
        case JMX -> runtime.registerMBeanOnceJmxIsInUse();
        case RELOAD -> runtime.reloadIfChanged();
        case BASELINES_AND_DATE -> runtime.checkBaselinesAndDate();
        case REPORT -> runtime.writePeriodicReport();
        case JFR_PREPARE -> runtime.jfr.prepare();
        case JFR_POLL -> runtime.jfr.poll();
        case NOTE_RULE_STAGES -> runtime.noteRuleStages();
        case APP_LOG -> AppLog.drain();
        case ROLLBACKS -> runtime.judgeRollbacks();
        default -> throw new IllegalStateException("no step " + kind);
      }
    }
  }

  /**
   * The agent's application shutdown hook. The JVM starts every application hook at once and waits for them
   * all, so a report written here would miss the calls the application's own hooks make (Spring closing its
   * context, a pool draining). This hook therefore only hands the final report to a system shutdown hook,
   * which the JVM runs once every application hook has ended, and returns; the agent's thread keeps writing
   * its periodic reports meanwhile, so a hook that never ends still has its calls reported. Only if that
   * cannot be done is the final report written here, as before.
   */
  private static final class ExitHook extends Thread {
    private final AgentRuntime runtime;

    ExitHook(AgentRuntime runtime) {
      super("sunset-exit");
      this.runtime = runtime;
    }

    @Override
    public void run() {
      if (runtime.linkage.registerExitHook(new FinalReport(runtime)) < 0) {
        runtime.atExit(false);
      }
    }
  }

  /** The final report and the exit lines, written once the application's own shutdown hooks have ended. */
  private static final class FinalReport implements Runnable {
    private final AgentRuntime runtime;

    FinalReport(AgentRuntime runtime) {
      this.runtime = runtime;
    }

    @Override
    public void run() {
      runtime.atExit(true);
    }
  }

  /**
   * Attached to a running JVM: retransforms the classes already loaded that may declare a legacy method
   * ({@code guards}) or call one, in batches, one by one if a batch fails; returns how many it retransformed.
   */
  private static int retransformLoaded(Instrumentation instrumentation, LegacyCallTransformer transformer,
      boolean guards) {
    List<Class<?>> batch = new ArrayList<>();
    int count = 0;
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (c.getClassLoader() != null && instrumentation.isModifiableClass(c) && !c.isHidden()
          && (guards ? transformer.mayGuard(c) : transformer.mayRewrite(c))) {
        batch.add(c);
        count++;
        if (batch.size() == 200) {
          retransform(instrumentation, batch);
          batch.clear();
        }
      }
    }
    retransform(instrumentation, batch);
    return count;
  }

  private static void retransform(Instrumentation instrumentation, List<Class<?>> batch) {
    try {
      instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
    } catch (Throwable batchFailure) {
      for (Class<?> c : batch) {
        try {
          instrumentation.retransformClasses(c);
        } catch (Throwable t) {
          AgentLog.failureOnce("retransform:" + c.getName(), "could not rewrite already loaded " + c.getName(), t);
        }
      }
    }
  }

  /**
   * Registers the MBean as soon as the platform MBean server exists (a JMX agent started, jconsole attached,
   * or the application used JMX), never creating it: starting it costs a few hundred milliseconds of CPU
   * that would compete with the application's start-up, for a server nobody may ever connect to.
   */
  private void registerMBeanOnceJmxIsInUse() {
    if (mbeanRegistered || MBeanServerFactory.findMBeanServer(null).isEmpty()) {
      return;
    }
    mbeanRegistered = true;
    try {
      RulesControl.register(this);
    } catch (Throwable t) {
      AgentLog.failureOnce("jmx", "cannot register the MBean " + RulesControl.OBJECT_NAME, t);
    }
  }

  /** Says at once, rather than at the first write, that the report's path is not one Sunset writes to. */
  private void checkReportPath() {
    Path report = options.reportFile();
    if (report == null) {
      return;
    }
    try {
      OutputFile.check(report);
    } catch (OutputFile.Refused refused) {
      reportRefused(report, refused);
    } catch (IOException e) {
      // the first write says what is wrong
    }
  }

  private static void reportRefused(Path report, OutputFile.Refused refused) {
    AgentLog.once("report:" + report, "report " + report + ": " + refused.getMessage() + "; no report is written "
        + "there (the application runs on)");
  }

  /** Moves sites to a new stage when a baseline file changed or the date moved on. */
  private void checkBaselinesAndDate() {
    noteRuleStages();
    boolean baselinesChanged = baselines.refresh();
    LocalDate today = stages.today();
    boolean newDay = !today.equals(lastEvaluatedDay);
    lastEvaluatedDay = today;
    if (baselinesChanged || newDay) {
      int relinked;
      synchronized (this) {
        relinked = relinkAll(newDay ? StageChange.Cause.SCHEDULE : StageChange.Cause.BASELINE);
      }
      if (relinked > 0) {
        AgentLog.info((newDay ? "date is now " + today : "a baseline changed") + "; "
            + Counted.of(relinked, "call site") + " moved to a new stage");
      }
    }
  }

  /**
   * Rolls back to {@code observe} each redirected site whose replacement threw more often than its rule's
   * {@code rollback} allows within its window, and says so once per rollback. Off the call path: the errors, then the
   * counters, are read as sums, and only when some site is watched.
   */
  private void judgeRollbacks() {
    Rollbacks rollbacks = linker.rollbacks();
    if (!rollbacks.watching()) {
      return;
    }
    Map<Integer, Long> errors = rollbacks.errorsNow(); // first: every error read has its call counted
    long[] totals = counters.snapshot(CounterSlots.slots(registry.idsReserved()));
    for (Rollbacks.Verdict v : rollbacks.judge(errors, totals, Instant.now(), siteStages::specOf)) {
      synchronized (this) {
        linker.relinkSite(v.site(), StageChange.Cause.ROLLBACK);
      }
      AgentLog.info("rule '" + v.rule().id() + "': " + v.site().callerForPeople() + " rolled back to observe: "
          + v.rolledBack().reason() + "; the legacy method runs there until the rule changes or JMX resetRollback");
    }
  }

  /** Brings every site to the stage its rule now gives it, telling the stage changes moved by {@code cause}. */
  private int relinkAll(StageChange.Cause cause) {
    tellRuleStageChanges(cause);
    guards.stagesChanged(cause);
    return linker.relinkAll(cause);
  }

  /** Notes the stage of each rule not seen before, so that its later changes can be told. */
  private synchronized void noteRuleStages() {
    for (RuleSpec r : rules.all()) {
      if (!ruleStagesSeen.containsKey(r.id())) {
        ruleStagesSeen.put(r.id(), stages.ruleStage(r));
      }
    }
  }

  /** Tells each rule's stage change since it was last seen (a rule added or removed is no change of stage). */
  private synchronized void tellRuleStageChanges(StageChange.Cause cause) {
    for (RuleSpec r : rules.all()) {
      Stage now = stages.ruleStage(r);
      Stage before = ruleStagesSeen.put(r.id(), now);
      if (before != null && before != now) {
        linker.tellStageChange(new StageChange(r.id(), null, before, now, cause));
      }
    }
  }

  /** Re-reads the rules file if its text changed; returns whether new rules took effect. */
  private boolean reloadIfChanged() {
    synchronized (reloadLock) {
      RulesReloader r = reloader;
      if (r == null) {
        return false;
      }
      RulesReloader.Outcome outcome = r.reloadIfChanged();
      if (outcome instanceof RulesReloader.Outcome.Refused refused) {
        AgentLog.info("rules edit refused: " + refused.reason() + "; the rules in force are unchanged");
        RulesInForce.editRefused(refused.problems());
        return false;
      }
      if (outcome instanceof RulesReloader.Outcome.Applied applied) {
        AgentLog.info("rules reloaded from " + applyReloaded(applied, r.file(), StageChange.Cause.RELOAD));
        return true;
      }
      return false;
    }
  }

  /** Relinks every site to the rules just read from {@code file}; says what changed. */
  private String applyReloaded(RulesReloader.Outcome.Applied applied, Path file, StageChange.Cause cause) {
    int relinked;
    synchronized (this) {
      linker.rulesChanged();
      relinked = relinkAll(cause);
    }
    List<String> changes = applied.changes().stream().map(RulesReloader.Change::describe).toList();
    return file + ": " + Counted.of(applied.rules(), "rule") + ", " + Counted.of(relinked, "call site") + " relinked"
        + (changes.isEmpty() ? "" : "; " + String.join("; ", changes));
  }

  @Override
  public CallSiteSnapshot snapshot() {
    return snapshot(false);
  }

  @Override
  public long[] callCountsBySite() {
    int sites = registry.idsReserved();
    long[] slots = counters.snapshot(CounterSlots.slots(sites));
    long[] bySite = new long[sites];
    for (int slot = 0; slot < slots.length; slot++) {
      int site = CounterSlots.siteOf(slot);
      if (site < sites) { // the last block's slots past the ids handed out hold nothing
        bySite[site] += slots[slot];
      }
    }
    return bySite;
  }

  @Override
  public List<CallSiteInfo> callSites() {
    return registry.all();
  }

  /** A snapshot now; {@code exitReport}: the last one, taken once the application's shutdown hooks have ended. */
  private CallSiteSnapshot snapshot(boolean exitReport) {
    return CallSiteSnapshot.take(registry, counters, rules, siteStages, run, exitReport);
  }

  @Override
  public synchronized int overrideStage(String ruleId, Stage stage) {
    if (stage == null) {
      stages.clearOverride(ruleId);
    } else {
      stages.override(ruleId, stage);
    }
    int relinked = relinkAll(StageChange.Cause.JMX);
    AgentLog.info("rule '" + ruleId + "' " + (stage == null ? "override cleared" : "set to " + stage.id())
        + " through JMX; " + Counted.of(relinked, "call site") + " relinked");
    return relinked;
  }

  @Override
  public synchronized int resetRollback(String ruleId) {
    List<CallSiteInfo> reset = siteStages.rolledBackSites().reset(ruleId, registry.all());
    for (CallSiteInfo site : reset) {
      linker.relinkSite(site, StageChange.Cause.JMX);
    }
    AgentLog.info("rule '" + ruleId + "': rollback reset through JMX; " + Counted.of(reset.size(), "call site")
        + " back at the rule's stage");
    return reset.size();
  }

  @Override
  public RuleSpec rule(String ruleId) {
    return rules.rule(ruleId);
  }

  @Override
  public String stageSource(RuleSpec rule) {
    if (stages.overrideOf(rule.id()) != null) {
      return "jmx";
    }
    return Objects.equals(stages.ruleStage(rule), rule.stage()) ? "file" : "schedule";
  }

  /** A periodic write, unless the exit's final write has begun (an older snapshot must not replace it). */
  private void writePeriodicReport() {
    synchronized (reportLock) {
      if (!exiting) {
        writeReportQuietly(snapshot());
      }
    }
  }

  private void writeReportQuietly(CallSiteSnapshot snapshot) {
    Path report = options.reportFile();
    if (report == null) {
      return;
    }
    try {
      JsonReport.write(snapshot, report);
    } catch (OutputFile.Refused refused) {
      reportRefused(report, refused);
    } catch (Throwable t) {
      AgentLog.failureOnce("report:" + report, "cannot write the report " + report, t);
    }
  }

  /**
   * Writes the final report, flushes telemetry and prints the exit lines, all from one snapshot, so that the
   * table at exit and the report say the same. {@code afterApplicationHooks}: whether the application's own
   * shutdown hooks have all ended (else this runs beside them).
   */
  private void atExit(boolean afterApplicationHooks) {
    try {
      if (thread != null) {
        thread.interrupt();
      }
      CallSiteSnapshot last;
      synchronized (reportLock) {
        exiting = true; // a periodic write under way has finished; none starts after this
        last = snapshot(afterApplicationHooks);
        writeReportQuietly(last);
      }
      telemetry.shutdown(Telemetry.EXIT_TIMEOUT);
      for (String line : SummaryTable.unresolved(last)) {
        AgentLog.info(line);
      }
      if (options.summary()) {
        Path report = options.reportFile();
        for (String line : SummaryTable.lines(last, report == null ? null : report.toAbsolutePath().toString())) {
          AgentLog.info(line);
        }
      }
    } catch (Throwable t) {
      AgentLog.failureOnce("exit", "could not write the report at exit", t);
    }
  }
}
