package dev.sunset.agent.internal.log;

import dev.sunset.core.text.Printable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Sunset's {@code warn} lines, denials and rule problems, also written to the application's own logging (option
 * {@code log=}): logger {@value #LOGGER}, level WARN, through the SLF4J 2 API of the class loader that defined the
 * calling class, else through that loader's Log4j 2 API (where a Log4j provider is there to log to), with the site,
 * rule, legacy method, replacement and stage as key-value pairs for structured layouts (Log4j 2's thread context for
 * the line, as Log4j's own SLF4J 2 binding carries them); where the option is {@code app}, else SLF4J 1, else
 * {@code java.util.logging}. Standard error keeps {@link AgentLog}'s lines whatever this does.
 *
 * <p>Nothing of a logging framework is touched until the first such line is written: no logging class is looked up
 * at start-up, and a JVM with no SLF4J and no Log4j 2 gets none loaded or initialized ({@code java.util.logging}
 * only when asked for with {@code log=app}). Everything is found through reflection ({@link MethodHandles}), once per
 * class loader, and never while holding a lock of the agent's. A failure of a path (a {@link LinkageError}, logging misconfigured,
 * a logger that throws) is said once on standard error and that path is not used again: the agent never breaks its
 * host.
 *
 * <p>Lines are written on the calling thread (the application's own logging context, such as its MDC, applies),
 * once per site as on standard error. A line raised while this thread is already writing one of Sunset's lines (the
 * logging framework calling a legacy method), or from a class of a logging framework itself (an appender's thread),
 * stays on standard error only: the application's logging never waits on itself. Rule problems have no calling class:
 * they go to the first application log a site's line opened, written by the agent's thread (or after that site's
 * line); until one is opened they wait, at most {@value #MAX_PENDING} of them.
 */
public final class AppLog {
  /** The logger Sunset's lines go to. */
  public static final String LOGGER = "dev.sunset";
  /** The most rule problems kept until an application log is opened. */
  static final int MAX_PENDING = 100;

  /** Where the agent's lines go: the {@code log=} option. */
  public enum Mode {
    /** Standard error only, as before the option existed. */
    STDERR,
    /** Also the application's logging: SLF4J 2, Log4j 2, SLF4J 1 (no key-values), else {@code java.util.logging}. */
    APP,
    /** Also the application's logging when the calling class's loader sees SLF4J 2 or Log4j 2; the default. */
    AUTO;

    /** The option's value naming this mode. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The mode an option value names, or null. */
    public static Mode of(String value) {
      for (Mode m : values()) {
        if (m.id().equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      return null;
    }
  }

  /** One key-value pair of a line; the value is never an argument or return value of an application call. */
  public record KeyValue(String key, String value) {}

  /** One line: its message (escaped when written) and its key-value pairs. */
  public record Line(String message, List<KeyValue> keyValues) {}

  /** Prefixes of the classes of logging frameworks: their legacy calls are never written back into their logging. */
  private static final String[] LOGGING_PACKAGES = {"org.slf4j.", "ch.qos.logback.", "org.apache.logging.",
      "org.apache.log4j.", "java.util.logging.", "net.logstash.logback.", "org.springframework.boot.logging."};

  private static volatile Mode mode = Mode.STDERR;
  private static final ThreadLocal<Boolean> WRITING = new ThreadLocal<>();
  /**
   * The loaders found to have no SLF4J, and those found to have no Log4j 2 API (each guarded by itself; never held
   * while logging is looked up or written). Held weakly, and their values hold nothing of the loader, so an undeployed
   * web application can be collected.
   */
  private static final Map<ClassLoader, Boolean> WITHOUT_SLF4J = new WeakHashMap<>();
  private static final Map<ClassLoader, Boolean> WITHOUT_LOG4J = new WeakHashMap<>();
  /**
   * Each SLF4J's sink, by the {@code org.slf4j.Logger} type a calling class's loader sees: kept with that type, so
   * that a sink (which holds that loader's logger) never keeps its loader from being collected. A class of its own,
   * made on the first line rather than when the agent starts.
   */
  private static final class Slf4jSinks extends ClassValue<Sink> {
    static final Slf4jSinks BY_LOGGER_TYPE = new Slf4jSinks();

    @Override
    protected Sink computeValue(Class<?> loggerType) {
      Sink sink = Slf4j.open(loggerType, mode == Mode.APP);
      return sink == null ? Sink.NONE : sink;
    }
  }

  /** Each Log4j 2's sink, by the {@code org.apache.logging.log4j.Logger} type a calling class's loader sees. */
  private static final class Log4jSinks extends ClassValue<Sink> {
    static final Log4jSinks BY_LOGGER_TYPE = new Log4jSinks();

    @Override
    protected Sink computeValue(Class<?> loggerType) {
      Sink sink = Log4j.open(loggerType);
      return sink == null ? Sink.NONE : sink;
    }
  }

  /** {@code java.util.logging}'s sink, for {@code app} where SLF4J is absent: opened on its first line. */
  private static volatile Sink jul;
  /** Where rule problems go: the first sink a site's line was written to (held weakly); null until then. */
  private static volatile WeakReference<Sink> first;
  private static final Deque<Line> PENDING = new ArrayDeque<>(); // guarded by itself

  private AppLog() {}

  /** Sets where lines go (the {@code log=} option); called once when the agent starts. */
  public static void mode(Mode m) {
    mode = m;
  }

  /** Whether lines may go to the application's logging at all ({@code log=} is not {@code stderr}). */
  public static boolean active() {
    return mode != Mode.STDERR;
  }

  /**
   * Writes a site's line (a warning or a denial) to the logging of {@code caller}'s class loader, if that loader has
   * logging this mode writes to; then any rule problems waiting. Never throws.
   */
  public static void siteLine(Class<?> caller, Line line) {
    Mode m = mode;
    if (m == Mode.STDERR || caller == null) {
      return;
    }
    try {
      if (fromLogging(caller.getName())) {
        AgentLog.once(LogTopic.APPLOG_FROM_LOGGING, caller.getName(), "a legacy call from " + caller.getName()
            + ", a class of a logging framework, is not written to the application's log (it is on standard error)");
        return;
      }
      if (WRITING.get() != null) {
        AgentLog.once(LogTopic.APPLOG_REENTRANT,
            "a legacy call made while the application's logging wrote one of Sunset's"
            + " lines is not written to the application's log (it is on standard error)");
        return;
      }
      WRITING.set(Boolean.TRUE);
      try {
        Sink sink = sinkFor(caller.getClassLoader(), m);
        if (sink.write(line, caller.getName())) {
          if (firstSink() == null) {
            first = new WeakReference<>(sink);
          }
          writePending();
        }
      } finally {
        WRITING.remove();
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.APPLOG_SITE, "could not write a line to the application's log", t);
    }
  }

  /** Keeps a rule problem's line for the application's log; {@link #drain} or the next site's line writes it. */
  public static void ruleProblem(Line line) {
    if (mode == Mode.STDERR) {
      return;
    }
    synchronized (PENDING) {
      if (PENDING.size() < MAX_PENDING) {
        PENDING.add(line);
        return;
      }
    }
    AgentLog.once(LogTopic.APPLOG_PENDING_FULL,
        "more than " + MAX_PENDING + " rule problems wait for the application's log;"
        + " the others are on standard error only");
  }

  /** Writes the rule problems waiting to the first application log opened, if any: the agent's thread calls it. */
  public static void drain() {
    if (mode == Mode.STDERR || firstSink() == null || WRITING.get() != null) {
      return;
    }
    WRITING.set(Boolean.TRUE);
    try {
      writePending();
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.APPLOG_PROBLEMS, "could not write rule problems to the application's log", t);
    } finally {
      WRITING.remove();
    }
  }

  private static Sink firstSink() {
    WeakReference<Sink> f = first;
    return f == null ? null : f.get();
  }

  private static void writePending() {
    Sink sink = firstSink();
    if (sink == null) {
      return;
    }
    while (true) {
      Line next;
      synchronized (PENDING) {
        next = PENDING.poll();
      }
      if (next == null || !sink.write(next, null)) {
        return;
      }
    }
  }

  static boolean fromLogging(String className) {
    for (String p : LOGGING_PACKAGES) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The sink for a calling class's loader, looked up on its first line, outside any lock of the agent's (looking up
   * may initialize the application's logging): SLF4J 2, else Log4j 2, else (for {@code app}) SLF4J 1, else
   * {@code java.util.logging}.
   */
  private static Sink sinkFor(ClassLoader loader, Mode m) {
    if (loader != null && loader != ClassLoader.getPlatformClassLoader()) {
      Class<?> slf4jType = apiType(loader, Slf4j.LOGGER_TYPE, WITHOUT_SLF4J);
      Sink slf4j = slf4jType == null ? Sink.NONE : Slf4jSinks.BY_LOGGER_TYPE.get(slf4jType);
      if (slf4j.keyValues()) {
        return slf4j;
      }
      Class<?> log4jType = apiType(loader, Log4j.LOGGER_TYPE, WITHOUT_LOG4J);
      Sink log4j = log4jType == null ? Sink.NONE : Log4jSinks.BY_LOGGER_TYPE.get(log4jType);
      if (log4j != Sink.NONE) {
        return log4j;
      }
      if (slf4j != Sink.NONE) {
        return slf4j; // SLF4J 1, opened for app only
      }
    }
    return m == Mode.APP ? jul() : Sink.NONE;
  }

  /**
   * The logging API type {@code loader} sees, or null; looking up one it does not have loads nothing, and is done
   * once per loader ({@code without} remembers it).
   */
  private static Class<?> apiType(ClassLoader loader, String typeName, Map<ClassLoader, Boolean> without) {
    synchronized (without) {
      if (without.containsKey(loader)) {
        return null;
      }
    }
    try {
      return Class.forName(typeName, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      synchronized (without) {
        without.put(loader, Boolean.TRUE);
      }
      return null;
    }
  }

  private static Sink jul() {
    Sink s = jul;
    if (s == null) {
      s = Jul.open();
      jul = s;
    }
    return s;
  }

  /** Where one loader's lines go. A sink that fails once says so and writes nothing more. */
  abstract static class Sink {
    static final Sink NONE = new Sink("nowhere") {
      @Override
      void doWrite(Line line, String sourceClass) {}

      @Override
      boolean write(Line line, String sourceClass) {
        return false;
      }
    };

    private final String name;
    private volatile boolean failed;

    Sink(String name) {
      this.name = name;
    }

    /** Writes the line; returns whether it did (false once this sink failed, or for {@link #NONE}). */
    boolean write(Line line, String sourceClass) {
      if (failed) {
        return false;
      }
      try {
        doWrite(escaped(line), sourceClass);
        return true;
      } catch (Throwable t) {
        failed = true;
        AgentLog.failureOnce(LogTopic.APPLOG_WRITE, name,
            "writing to the application's log through " + name + " failed;"
            + " Sunset's lines go to standard error only from now on for that log", t);
        return false;
      }
    }

    abstract void doWrite(Line line, String sourceClass) throws Throwable;

    /** Whether this sink writes the key-value pairs as such (not only in the message). */
    boolean keyValues() {
      return false;
    }

    /**
     * The line with its message and values escaped as the agent's own lines are ({@link Printable#line}): the layout
     * may be plain text, where a class or file name holding a line break could forge a line of its own.
     */
    private static Line escaped(Line line) {
      List<KeyValue> pairs = new java.util.ArrayList<>(line.keyValues().size());
      for (KeyValue kv : line.keyValues()) {
        pairs.add(new KeyValue(kv.key(), Printable.line(kv.value())));
      }
      return new Line(Printable.line(line.message()), pairs);
    }
  }

  /**
   * The SLF4J API a class loader sees, through method handles on its public types: {@code Logger.atWarn()} and the
   * fluent {@code LoggingEventBuilder} (SLF4J 2), or {@code Logger.warn(String)} (SLF4J 1, for {@code app} only).
   */
  static final class Slf4j extends Sink {
    static final String LOGGER_TYPE = "org.slf4j.Logger";
    /**
     * The package of Log4j's SLF4J bindings ({@code log4j-slf4j2-impl}, {@code log4j-slf4j-impl}). Their logger takes
     * the Log4j context of the class that asks for it, here Sunset's, in the system class loader: in a Spring Boot jar
     * or a web application, a context nobody configured. Where SLF4J is bound to Log4j, Sunset writes through Log4j's
     * API instead, as the binding would (the same event, the pairs in the thread context).
     */
    private static final String LOG4J_BINDING = "org.apache.logging.slf4j.";
    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();
    private final MethodHandle atWarn;      // ()Object: a LoggingEventBuilder, or null for SLF4J 1
    private final MethodHandle addKeyValue; // (Object, String, Object)Object
    private final MethodHandle setMessage;  // (Object, String)Object
    private final MethodHandle log;         // (Object)void
    private final MethodHandle warn;        // (String)void, SLF4J 1

    private Slf4j(String name, MethodHandle atWarn, MethodHandle addKeyValue, MethodHandle setMessage,
        MethodHandle log, MethodHandle warn) {
      super(name);
      this.atWarn = atWarn;
      this.addKeyValue = addKeyValue;
      this.setMessage = setMessage;
      this.log = log;
      this.warn = warn;
    }

    /**
     * The SLF4J logger {@value AppLog#LOGGER} of the SLF4J whose {@code Logger} is {@code loggerType}, or null when it
     * is not SLF4J 2 (unless {@code anyVersion}); its other types are found through the loader that defined it. A
     * failure is said once.
     */
    static Slf4j open(Class<?> loggerType, boolean anyVersion) {
      ClassLoader loader = loggerType.getClassLoader();
      Class<?> builderType;
      try {
        builderType = Class.forName("org.slf4j.spi.LoggingEventBuilder", false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        builderType = null;
      }
      if (builderType == null && !anyVersion) {
        return null;
      }
      String name = "SLF4J of " + describe(loader);
      try {
        Class<?> factory = Class.forName("org.slf4j.LoggerFactory", false, loader);
        Class<?> factoryType = Class.forName("org.slf4j.ILoggerFactory", false, loader);
        Object bound = PUBLIC.findStatic(factory, "getILoggerFactory", MethodType.methodType(factoryType)).invoke();
        if (bound != null && bound.getClass().getName().startsWith(LOG4J_BINDING)) {
          return null; // written through Log4j's own API (Log4j), in the context the application's classes get
        }
        MethodHandle getLogger = PUBLIC.findStatic(factory, "getLogger", MethodType.methodType(loggerType,
            String.class));
        Object logger = getLogger.invoke(LOGGER);
        if (builderType != null) {
          MethodHandle atWarn = PUBLIC.findVirtual(loggerType, "atWarn", MethodType.methodType(builderType))
              .bindTo(logger).asType(MethodType.methodType(Object.class));
          MethodHandle addKeyValue = PUBLIC.findVirtual(builderType, "addKeyValue",
              MethodType.methodType(builderType, String.class, Object.class))
              .asType(MethodType.methodType(Object.class, Object.class, String.class, Object.class));
          MethodHandle setMessage = PUBLIC.findVirtual(builderType, "setMessage",
              MethodType.methodType(builderType, String.class))
              .asType(MethodType.methodType(Object.class, Object.class, String.class));
          MethodHandle log = PUBLIC.findVirtual(builderType, "log", MethodType.methodType(void.class))
              .asType(MethodType.methodType(void.class, Object.class));
          return new Slf4j(name, atWarn, addKeyValue, setMessage, log, null);
        }
        MethodHandle warn = PUBLIC.findVirtual(loggerType, "warn", MethodType.methodType(void.class, String.class))
            .bindTo(logger);
        return new Slf4j(name, null, null, null, null, warn);
      } catch (Throwable t) {
        AgentLog.failureOnce(LogTopic.APPLOG_OPEN, name, "cannot write to the application's log through " + name
            + "; Sunset's lines go to standard error only for that loader", t);
        return null;
      }
    }

    @Override
    boolean keyValues() {
      return atWarn != null;
    }

    @Override
    void doWrite(Line line, String sourceClass) throws Throwable {
      if (atWarn == null) {
        warn.invokeExact(line.message());
        return;
      }
      Object builder = (Object) atWarn.invokeExact();
      for (KeyValue kv : line.keyValues()) {
        builder = (Object) addKeyValue.invokeExact(builder, kv.key(), (Object) kv.value());
      }
      builder = (Object) setMessage.invokeExact(builder, line.message());
      log.invokeExact(builder);
    }
  }

  /**
   * The Log4j 2 API a class loader sees, through method handles on its public types: logger {@value AppLog#LOGGER} of
   * the context {@code LogManager.getContext(loader, false)} gives (the one the loader's own classes log to, and Spring
   * Boot configures), {@code Logger.warn(String)} (a plain message: nothing in it is read as a pattern), and the
   * key-value pairs in the thread context for that one line ({@code CloseableThreadContext.putAll}, which puts back what the application had
   * under those keys), as Log4j's own SLF4J 2 binding carries SLF4J's key-value pairs: a layout that shows them for
   * one shows them for the other ({@code %X{rule}}, JSON Template Layout's {@code mdc} resolver).
   */
  static final class Log4j extends Sink {
    static final String LOGGER_TYPE = "org.apache.logging.log4j.Logger";
    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();
    /**
     * Where Log4j 2's API finds its providers (log4j-core, log4j-to-slf4j, ...): without one it logs nowhere and says
     * so with an error of its own, which Sunset does not cause.
     */
    private static final String[] PROVIDERS = {"META-INF/services/org.apache.logging.log4j.spi.Provider",
        "META-INF/log4j-provider.properties"};
    private final MethodHandle warn;   // (String)void
    private final MethodHandle putAll; // (Map)Object: a CloseableThreadContext.Instance
    private final MethodHandle close;  // (Object)void

    private Log4j(String name, MethodHandle warn, MethodHandle putAll, MethodHandle close) {
      super(name);
      this.warn = warn;
      this.putAll = putAll;
      this.close = close;
    }

    /**
     * The Log4j 2 logger {@value AppLog#LOGGER} of the Log4j API whose {@code Logger} is {@code loggerType}, or null
     * when no provider is there to log to; its other types are found through the loader that defined it. A failure is
     * said once.
     */
    static Log4j open(Class<?> loggerType) {
      ClassLoader loader = loggerType.getClassLoader();
      if (loader == null || !hasProvider(loader)) {
        return null;
      }
      String name = "Log4j 2 of " + describe(loader);
      try {
        Class<?> manager = Class.forName("org.apache.logging.log4j.LogManager", false, loader);
        Class<?> loggerContext = Class.forName("org.apache.logging.log4j.spi.LoggerContext", false, loader);
        Class<?> extendedLogger = Class.forName("org.apache.logging.log4j.spi.ExtendedLogger", false, loader);
        Class<?> context = Class.forName("org.apache.logging.log4j.CloseableThreadContext", false, loader);
        Class<?> scope = Class.forName("org.apache.logging.log4j.CloseableThreadContext$Instance", false, loader);
        // the context LogManager gives a class of this loader (LogManager.getLogger(String) would take the one of the
        // class calling it: Sunset's, in the system class loader)
        Object logContext = PUBLIC.findStatic(manager, "getContext", MethodType.methodType(loggerContext,
            ClassLoader.class, boolean.class)).invoke(loader, false);
        Object logger = PUBLIC.findVirtual(loggerContext, "getLogger", MethodType.methodType(extendedLogger,
            String.class)).invoke(logContext, LOGGER);
        MethodHandle warn = PUBLIC.findVirtual(loggerType, "warn", MethodType.methodType(void.class, String.class))
            .bindTo(logger);
        MethodHandle putAll = PUBLIC.findStatic(context, "putAll", MethodType.methodType(scope, Map.class))
            .asType(MethodType.methodType(Object.class, Map.class));
        MethodHandle close = PUBLIC.findVirtual(scope, "close", MethodType.methodType(void.class))
            .asType(MethodType.methodType(void.class, Object.class));
        return new Log4j(name, warn, putAll, close);
      } catch (Throwable t) {
        AgentLog.failureOnce(LogTopic.APPLOG_OPEN, name, "cannot write to the application's log through " + name
            + "; Sunset's lines go to standard error only for that loader", t);
        return null;
      }
    }

    private static boolean hasProvider(ClassLoader loader) {
      for (String p : PROVIDERS) {
        if (loader.getResource(p) != null) {
          return true;
        }
      }
      return false;
    }

    @Override
    boolean keyValues() {
      return true;
    }

    @Override
    void doWrite(Line line, String sourceClass) throws Throwable {
      Map<String, String> pairs = new LinkedHashMap<>();
      for (KeyValue kv : line.keyValues()) {
        pairs.put(kv.key(), kv.value());
      }
      Object scope = (Object) putAll.invokeExact((Map<?, ?>) pairs);
      try {
        warn.invokeExact(line.message());
      } finally {
        close.invokeExact(scope);
      }
    }
  }

  /** The loader as lines name it, without loading anything. */
  private static String describe(ClassLoader loader) {
    if (loader == null) {
      return "the boot loader";
    }
    String n = loader.getName();
    return (n != null && !n.isEmpty() ? "'" + n + "'" : loader.getClass().getName()) + " @"
        + Integer.toHexString(System.identityHashCode(loader));
  }

  /**
   * {@code java.util.logging}'s logger {@value AppLog#LOGGER}, for {@code log=app} where SLF4J is absent: a class of its
   * own, so that no {@code java.util.logging} type is loaded unless it is used. The key-value pairs have no place in
   * a {@code LogRecord} of their own; the message carries what they say.
   */
  static final class Jul extends Sink {
    private final java.util.logging.Logger logger;

    private Jul(java.util.logging.Logger logger) {
      super("java.util.logging");
      this.logger = logger;
    }

    static Sink open() {
      try {
        return new Jul(java.util.logging.Logger.getLogger(LOGGER));
      } catch (Throwable t) {
        AgentLog.failureOnce(LogTopic.APPLOG_OPEN,
            "jul", "cannot write to java.util.logging; Sunset's lines go to standard"
            + " error only", t);
        return Sink.NONE;
      }
    }

    @Override
    void doWrite(Line line, String sourceClass) {
      java.util.logging.LogRecord record = new java.util.logging.LogRecord(java.util.logging.Level.WARNING,
          line.message());
      record.setLoggerName(LOGGER);
      record.setSourceClassName(sourceClass == null ? LOGGER : sourceClass);
      record.setSourceMethodName(null);
      logger.log(record);
    }
  }
}
