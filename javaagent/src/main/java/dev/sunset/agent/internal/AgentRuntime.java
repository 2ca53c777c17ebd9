package dev.sunset.agent.internal;

import dev.sunset.agent.internal.config.AgentOptions;
import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.linkage.IndyBootstrap;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.report.CallSiteSnapshot;
import dev.sunset.agent.internal.report.JsonReport;
import dev.sunset.agent.internal.report.SummaryTable;
import dev.sunset.agent.internal.rewrite.LegacyCallTransformer;
import dev.sunset.agent.internal.rules.Baselines;
import dev.sunset.agent.internal.rules.ClassHierarchy;
import dev.sunset.agent.internal.rules.RuleBook;
import dev.sunset.agent.internal.rules.RuleSource;
import dev.sunset.agent.internal.rules.RulesLoader;
import dev.sunset.agent.internal.rules.StageResolver;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running agent: reads options and rules, installs the bootstrap and the transformer, and writes the
 * report periodically and at exit.
 */
public final class AgentRuntime {
  private static volatile AgentRuntime current;

  private final AgentOptions options;
  private final RuleBook rules = new RuleBook();
  private final CallSiteRegistry registry = new CallSiteRegistry();
  private final CallCounters counters = CallCounters.global();
  private final StageResolver stages;
  private final CallSiteLinker linker;
  private final ClassHierarchy hierarchy = new ClassHierarchy(ClassLoader.getSystemClassLoader());
  private LegacyCallTransformer transformer;
  private ScheduledExecutorService scheduler;

  private AgentRuntime(AgentOptions options, Clock clock) {
    this.options = options;
    this.stages = new StageResolver(clock, new Baselines());
    this.linker = new CallSiteLinker(registry, rules, stages, AgentLog::info);
  }

  /** The running agent, or null. */
  public static AgentRuntime current() {
    return current;
  }

  /** Starts the agent; any failure is logged and leaves the application running without it. */
  public static synchronized void start(String agentArgs, Instrumentation instrumentation, boolean attachedLate) {
    if (current != null) {
      AgentLog.info("already running; ignoring a second start");
      return;
    }
    try {
      AgentOptions options = AgentOptions.read(agentArgs, System::getProperty, System::getenv);
      AgentRuntime runtime = new AgentRuntime(options, Clock.systemUTC());
      runtime.startWith(instrumentation, attachedLate);
      current = runtime;
    } catch (Throwable t) {
      AgentLog.failureOnce("start", "could not start; the application runs without Sunset", t);
    }
  }

  private void startWith(Instrumentation instrumentation, boolean attachedLate) {
    List<String> problems = new ArrayList<>();
    List<RuleSource> sources = new ArrayList<>(RuleSource.shipped(ClassLoader.getSystemClassLoader(), problems));
    Path rulesFile = options.rulesFile();
    if (rulesFile != null) {
      try {
        sources.add(RuleSource.ofFile(rulesFile));
      } catch (IOException e) {
        problems.add(rulesFile + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
            + "); no rules read from this file");
      }
    }
    RulesLoader.Result loaded = new RulesLoader(hierarchy).load(sources);
    problems.addAll(loaded.problems());
    for (String problem : problems) {
      AgentLog.info(problem);
    }
    rules.replace(loaded.rules());

    BootstrapInstaller.Target bootstrap = BootstrapInstaller.install(instrumentation);
    IndyBootstrap.install(linker);
    transformer = new LegacyCallTransformer(rules, registry, bootstrap, counters);
    instrumentation.addTransformer(transformer, true);
    if (attachedLate) {
      retransformLoaded(instrumentation);
    }
    startReporting();
  }

  private void retransformLoaded(Instrumentation instrumentation) {
    List<Class<?>> candidates = new ArrayList<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (c.getClassLoader() != null && instrumentation.isModifiableClass(c) && !c.isHidden()
          && !c.getName().startsWith("dev.sunset.agent.")) {
        candidates.add(c);
      }
    }
    for (Class<?> c : candidates) {
      try {
        instrumentation.retransformClasses(c);
      } catch (Throwable t) {
        AgentLog.failureOnce("retransform:" + c.getName(), "could not rewrite already loaded " + c.getName(), t);
      }
    }
  }

  private void startReporting() {
    Path report = options.reportFile();
    if (report != null) {
      long interval = options.reportInterval().toMillis();
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sunset-report");
        t.setDaemon(true);
        return t;
      });
      scheduler.scheduleWithFixedDelay(this::writeReportQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::atExit, "sunset-exit"));
  }

  /** Takes a snapshot of every call site now. */
  public CallSiteSnapshot snapshot() {
    return CallSiteSnapshot.take(registry, counters, rules, stages, linker);
  }

  private void writeReportQuietly() {
    Path report = options.reportFile();
    if (report == null) {
      return;
    }
    try {
      JsonReport.write(snapshot(), report);
    } catch (Throwable t) {
      AgentLog.failureOnce("report:" + report, "cannot write the report " + report, t);
    }
  }

  private void atExit() {
    try {
      if (scheduler != null) {
        scheduler.shutdownNow();
      }
      writeReportQuietly();
      if (options.summary()) {
        Path report = options.reportFile();
        for (String line : SummaryTable.lines(snapshot(), report == null ? null : report.toAbsolutePath().toString())) {
          AgentLog.info(line);
        }
      }
    } catch (Throwable t) {
      AgentLog.failureOnce("exit", "could not write the report at exit", t);
    }
  }

  /** The rules in force. */
  public RuleBook rules() {
    return rules;
  }

  /** The call-site registry. */
  public CallSiteRegistry registry() {
    return registry;
  }

  /** The linker of call sites. */
  public CallSiteLinker linker() {
    return linker;
  }
}
