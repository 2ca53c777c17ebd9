package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.rules.RuleBook;
import dev.sunset.agent.internal.rules.RulesLoader;
import dev.sunset.agent.internal.rules.Stage;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * Rewrites legacy call sites in classes as they load.
 *
 * <p>Classes from the boot loader, the agent's own classes, and classes whose constant pool names no
 * legacy owner are returned untouched after a constant-pool walk. Any failure leaves the class exactly as
 * it was and is logged once per class.
 */
public final class LegacyCallTransformer implements ClassFileTransformer {
  private static final int MIN_INDY_VERSION = 51; // Java 7

  private final RuleBook rules;
  private final CallSiteRegistry registry;
  private final BootstrapInstaller.Target bootstrap;
  private final CallCounters counters;
  private volatile ConstantPoolScan scan;
  private volatile Set<String> owners;
  private final Map<ClassLoader, Boolean> seesAgent = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** A transformer for the rules in {@code rules}, registering sites in {@code registry}. */
  public LegacyCallTransformer(RuleBook rules, CallSiteRegistry registry, BootstrapInstaller.Target bootstrap,
      CallCounters counters) {
    this.rules = rules;
    this.registry = registry;
    this.bootstrap = bootstrap;
    this.counters = counters;
    rulesChanged();
  }

  /** Picks up the legacy owners of the rules in force; classes loaded from now on are scanned for them. */
  public void rulesChanged() {
    Set<String> o = RulesLoader.owners(java.util.List.copyOf(rules.all()));
    this.owners = o;
    this.scan = new ConstantPoolScan(o);
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (loader == null || className == null || isExcluded(className)) {
      return null;
    }
    try {
      if (!scan.mentionsAny(classfileBuffer) || owners.contains(className)) {
        return null;
      }
      return rewrite(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.failureOnce("transform:" + className, "left " + className.replace('/', '.')
          + " unchanged: it could not be rewritten", t);
      return null;
    }
  }

  private byte[] rewrite(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain pd,
      byte[] bytes) {
    int major = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    if (major < MIN_INDY_VERSION) {
      AgentLog.once("old:" + className, "left " + className.replace('/', '.') + " unchanged: its class file version "
          + major + " predates invokedynamic (51); its legacy calls are not counted");
      return null;
    }
    if (!bootstrap.visibleEverywhere() && !loaderSeesAgent(loader)) {
      AgentLog.once("loader:" + className, "left " + className.replace('/', '.') + " unchanged: its class loader "
          + loader + " cannot see the agent");
      return null;
    }
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(reader, 0);
    CallSiteRewriter rewriter = new CallSiteRewriter(writer, rules, registry, bootstrap.owner(),
        codeSource(pd), redefined == null);
    reader.accept(rewriter, 0);
    for (String note : rewriter.notes()) {
      AgentLog.once("note:" + note, note);
    }
    if (rewriter.sites().isEmpty()) {
      return null;
    }
    byte[] result = writer.toByteArray();
    for (CallSiteInfo site : rewriter.sites()) {
      registry.register(site);
    }
    counters.ensureCapacity(registry.idsReserved() * Stage.COUNT);
    return result;
  }

  private boolean loaderSeesAgent(ClassLoader loader) {
    return seesAgent.computeIfAbsent(loader, l -> {
      try {
        return Class.forName(LegacyCallTransformer.class.getName(), false, l) == LegacyCallTransformer.class;
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    });
  }

  private static boolean isExcluded(String className) {
    return isAgentClass(className) || className.startsWith("java/")
        || className.startsWith("jdk/") || className.startsWith("sun/") || className.startsWith("com/sun/");
  }

  /** The agent's own classes: its API package, its internals and its relocated dependencies. */
  private static boolean isAgentClass(String className) {
    String agent = "dev/sunset/agent/";
    return className.startsWith(agent) && (className.indexOf('/', agent.length()) < 0
        || className.startsWith("internal/", agent.length()) || className.startsWith("shaded/", agent.length()));
  }

  static String codeSource(ProtectionDomain pd) {
    CodeSource cs = pd == null ? null : pd.getCodeSource();
    return cs == null || cs.getLocation() == null ? "unknown" : cs.getLocation().toString();
  }
}
