package dev.sunset.agent.internal;

import dev.sunset.agent.internal.config.AgentOptions;
import dev.sunset.agent.internal.config.SystemLookup;
import dev.sunset.agent.internal.jfr.JfrEvents;
import dev.sunset.agent.internal.jmx.RulesControl;
import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.linkage.IndyBootstrap;
import dev.sunset.agent.internal.linkage.LegacyGuards;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.registry.RolledBackSites;
import dev.sunset.agent.internal.registry.SiteStages;
import dev.sunset.agent.internal.registry.ThisRun;
import dev.sunset.agent.internal.rewrite.LegacyCallTransformer;
import dev.sunset.agent.internal.rules.Baselines;
import dev.sunset.agent.internal.rules.RuleFile;
import dev.sunset.agent.internal.rules.RulesClock;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.agent.internal.rules.RulesReloader;
import dev.sunset.agent.internal.rules.StageResolver;
import dev.sunset.agent.internal.telemetry.Telemetry;
import dev.sunset.agent.internal.telemetry.TelemetryStarter;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The running agent: wires the parts (rules, registry, linker, guards, transformer, telemetry, JFR) and starts them,
 * then runs its periodic tasks on its own thread. What each task does lives in a class named for it: {@link
 * StageKeeper} keeps the sites at the stage their rules give them, {@link RulesFileWatch} the rules file in force,
 * {@link ReportWriter} the report, {@link AgentExit} the exit, {@link LateAttach} the rewrite of the classes loaded
 * before a late attach, {@link MBeanRegistration} the MBean.
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
  private final StageKeeper keeper;
  private final SiteSnapshots snapshots;
  private final ReportWriter reports;
  private final MBeanRegistration mbean;
  /** Set once by {@link #startWith}, before the agent's thread starts or any attach can reach it. */
  private RulesFileWatch rulesFile;
  private BootstrapInstaller.Installation linkage;
  private JfrEvents jfr;
  /** The agent's thread, running {@link #tasks()}; set once by {@link #startWith}. */
  private PeriodicTasks thread;

  /** A runtime not started yet: {@link #start} makes and starts the one of this JVM; tests make others. */
  AgentRuntime(AgentOptions options, Clock clock, ThisRun run) {
    this.options = options;
    this.run = run;
    this.stages = new StageResolver(clock, baselines);
    this.siteStages = new SiteStages(stages, new RolledBackSites());
    this.linker = new CallSiteLinker(registry, counters, guardRegistry, siteStages, AgentLog.INFO);
    this.guards = new LegacyGuards(guardRegistry, registry, linker);
    this.keeper = new StageKeeper(rules, siteStages, baselines, registry, counters, linker, guards);
    this.snapshots = new SiteSnapshots(registry, counters, rules, siteStages, run);
    this.reports = new ReportWriter(options.reportFile(), snapshots);
    this.mbean = new MBeanRegistration(this);
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
        AgentLog.failureOnce(LogTopic.ATTACH_AGAIN, "could not take a second attach", t);
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
      reply = new AttachReply(AttachReply.Outcome.STARTED, "started" + runtime.rulesFile.describe() + "; "
          + retransformed + " classes already loaded retransformed" + runtime.lateClassRuleNote(attachedLate));
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.AGENT_START, "could not start; the application runs without Sunset", t);
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
      return new AttachReply(AttachReply.Outcome.UNCHANGED, "nothing to change: it runs" + rulesFile.describe()
          + " (rules= switches the rules file)");
    }
    return rulesFile.switchTo(file);
  }

  /** Starts the parts; returns the number of classes already loaded that were retransformed (attached late). */
  private int startWith(Instrumentation instrumentation, boolean attachedLate) {
    AppLog.mode(options.log()); // nothing of any logging is looked up until a line is written
    jfr = JfrEvents.start(linker, snapshots, rules); // first: it keeps the rules' problems for a recording
    Path file = options.rulesFile();
    String text = null;
    RuleFile user = null;
    RulesReloader reloader = null;
    if (file != null) {
      try {
        text = RuleSource.read(file);
        user = rules.userFile(RuleSource.userFile(file), text); // parsed by the agent's thread, or when first needed
      } catch (IOException e) {
        rules.problems().report(Problem.file(file.toString(), 0, "cannot be read (" + e.getMessage()
            + "); no rules read from this file"));
      }
      reloader = new RulesReloader(file, rules, stages, text);
    }
    rulesFile = new RulesFileWatch(rules, stages, keeper, reloader);
    rules.startWith(user);
    Telemetry telemetry = TelemetryStarter.start(options, snapshots, new Listeners(linker));

    linkage = BootstrapInstaller.install(instrumentation);
    IndyBootstrap.install(linker, guards);
    LegacyCallTransformer transformer = new LegacyCallTransformer(rules, registry, guardRegistry, linkage);
    int retransformed = 0;
    if (attachedLate) {
      retransformed = LateAttach.rewriteLoaded(instrumentation, linkage, transformer, guards);
    } else {
      instrumentation.addTransformer(transformer, true);
    }
    thread = new PeriodicTasks(tasks());
    thread.start();
    new AgentExit(options, reports, telemetry, thread, linkage).registerHook();
    return retransformed;
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
        case CHECK_REPORT_PATH -> runtime.reports.checkPath();
        case SWEEP -> runtime.counters.sweep();
        case JMX -> runtime.mbean.registerOnceJmxIsInUse();
        case RELOAD -> runtime.rulesFile.reloadIfChanged();
        case BASELINES_AND_DATE -> runtime.keeper.checkBaselinesAndDate();
        case REPORT -> runtime.reports.writePeriodic();
        case JFR_PREPARE -> runtime.jfr.prepare();
        case JFR_POLL -> runtime.jfr.poll();
        case NOTE_RULE_STAGES -> runtime.keeper.noteRuleStages();
        case APP_LOG -> AppLog.drain();
        case ROLLBACKS -> runtime.keeper.judgeRollbacks();
        default -> throw new IllegalStateException("no step " + kind);
      }
    }
  }

  @Override
  public CallSiteSnapshot snapshot() {
    return snapshots.get();
  }

  @Override
  public long[] callCountsBySite() {
    return snapshots.callCountsBySite();
  }

  @Override
  public List<CallSiteInfo> callSites() {
    return registry.all();
  }

  @Override
  public int overrideStage(String ruleId, Stage stage) {
    return keeper.overrideStage(ruleId, stage);
  }

  @Override
  public int resetRollback(String ruleId) {
    return keeper.resetRollback(ruleId);
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
}
