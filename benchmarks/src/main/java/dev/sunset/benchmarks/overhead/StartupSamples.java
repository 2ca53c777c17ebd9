package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * One JFR recording's {@code jdk.ExecutionSample} events (Java code running, one sample per thread per period),
 * each charged to what Sunset was doing at that moment: its outermost frame on the stack (the agent's entry point)
 * names the part, its inner frames the step within it. Samples show Java code only: the JVM's own work for a
 * class (parsing, verifying, linking) and the JIT compiler's threads are not in them.
 *
 * @param samples by part
 * @param threadSamples every sample of a Java thread, Sunset's or not
 */
record StartupSamples(Map<Part, Integer> samples, int threadSamples) {
  /** What a sample was spent on. */
  enum Part {
    PRE_SCAN("transform: constant-pool pre-scan (does the class name a legacy member?)"),
    LOADER_RULES("transform: rules of a class loader seen first (its shipped rules files looked up)"),
    CLASS_FILE_CHECK("transform: class-file check before a rewrite (ClassFileCheck)"),
    MAY_CALL("transform: matcher's pass over the class (may it call a legacy member?)"),
    GUARDS("transform: guard planning"),
    ASM_READ("transform: ASM pass (ClassReader.accept: read, sites matched, instructions written)"),
    ASM_WRITE("transform: ASM constant pool copied (new ClassWriter(reader, 0)) and toByteArray"),
    REGISTER("transform: sites registered"),
    TRANSFORM_OTHER("transform: other"),
    LINK_SPIN("linkage: LambdaForms and classes spun for a site's method handles"),
    LINK("linkage: bootstrap and relink, other"),
    CALLS("calls: the linked sites counting (and first-call steps)"),
    JFR_EVENTS("Sunset's JFR events (only under a recording)"),
    PREMAIN("premain"),
    AGENT_THREAD("the agent's thread (rules file parsed, telemetry, periodic tasks)"),
    EXIT("exit: snapshot, report"),
    OTHER_SUNSET("other Sunset code"),
    APPLICATION("application, Spring and the JDK (no Sunset frame)");

    private final String label;

    Part(String label) {
      this.label = label;
    }

    /** How tables name this part. */
    String label() {
      return label;
    }

    /** Whether this part is Sunset's. */
    boolean isSunset() {
      return this != APPLICATION;
    }
  }

  /** Reads a recording's execution samples. */
  static StartupSamples read(Path recording) throws IOException {
    Map<Part, Integer> samples = new EnumMap<>(Part.class);
    int all = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        all++;
        RecordedThread thread = e.getThread("sampledThread");
        RecordedStackTrace stack = e.getStackTrace();
        List<String> frames = new ArrayList<>();
        if (stack != null) {
          for (RecordedFrame f : stack.getFrames()) {
            frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
          }
        }
        samples.merge(classify(thread == null ? "" : String.valueOf(thread.getJavaName()), frames), 1, Integer::sum);
      }
    }
    return new StartupSamples(samples, all);
  }

  /**
   * The part of one sample: by its thread and its frames ({@code class.method}, leaf first, as JFR lists them).
   * The agent's thread is Sunset's whatever it runs; elsewhere the outermost Sunset frame says which part.
   */
  static Part classify(String thread, List<String> frames) {
    int entry = -1;
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (isSunset(frames.get(i))) {
        entry = i;
        break;
      }
    }
    if (thread.startsWith("sunset")) {
      return Part.AGENT_THREAD;
    }
    if (entry < 0) {
      return Part.APPLICATION;
    }
    String outer = frames.get(entry);
    List<String> inner = frames.subList(0, entry + 1);
    if (outer.contains("LegacyCallTransformer.")) {
      return transformStep(inner);
    }
    if (outer.contains("IndyBootstrap.") || outer.contains("SunsetBootstrapDispatcher.")
        || outer.contains("CallSiteLinker.link")) {
      return any(inner, "java.lang.invoke.InvokerBytecodeGenerator", "java.lang.invoke.LambdaForm.compileToBytecode",
          "java.lang.invoke.ClassSpecializer", "java.lang.invoke.MethodHandles$Lookup.defineHiddenClass",
          "java.lang.invoke.InnerClassLambdaMetafactory") ? Part.LINK_SPIN : Part.LINK;
    }
    if (outer.contains(".jfr.")) {
      return Part.JFR_EVENTS;
    }
    if (outer.contains("CallCounters") || outer.contains("CallSiteLinker") || outer.contains(".linkage.")) {
      return any(inner, ".jfr.") ? Part.JFR_EVENTS : Part.CALLS;
    }
    if (outer.contains("SunsetAgent.")) {
      return Part.PREMAIN;
    }
    if (outer.contains(".report.") || any(inner, ".report.", "ExitReport", "Snapshot")) {
      return Part.EXIT;
    }
    return Part.OTHER_SUNSET;
  }

  private static Part transformStep(List<String> inner) {
    if (any(inner, "ConstantPoolScan.")) {
      return Part.PRE_SCAN;
    }
    if (any(inner, "RulesInForce.forLoader")) {
      return Part.LOADER_RULES;
    }
    if (any(inner, "ClassFileCheck.")) {
      return Part.CLASS_FILE_CHECK;
    }
    if (any(inner, "LegacyCallMatcher.mayCall")) {
      return Part.MAY_CALL;
    }
    if (any(inner, "LegacyCallTransformer.planGuards")) {
      return Part.GUARDS;
    }
    if (any(inner, "ClassWriter.toByteArray", "ClassWriter.<init>")) {
      return Part.ASM_WRITE;
    }
    if (any(inner, "ClassRewrite.pass")) {
      return Part.ASM_READ;
    }
    if (any(inner, "CallSiteRegistry.")) {
      return Part.REGISTER;
    }
    return Part.TRANSFORM_OTHER;
  }

  private static boolean isSunset(String frame) {
    return frame.startsWith("dev.sunset.agent.") || frame.startsWith("java.lang.SunsetBootstrapDispatcher");
  }

  private static boolean any(List<String> frames, String... parts) {
    for (String n : frames) {
      for (String p : parts) {
        if (n.contains(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Samples of Sunset's parts. */
  int sunset() {
    return samples.entrySet().stream().filter(e -> e.getKey().isSunset()).mapToInt(Map.Entry::getValue).sum();
  }

  /** Samples of one part (0 when none). */
  int of(Part part) {
    return samples.getOrDefault(part, 0);
  }
}
