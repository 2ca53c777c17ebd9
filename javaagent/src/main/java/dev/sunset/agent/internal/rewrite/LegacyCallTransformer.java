package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.rules.RuleBook;
import dev.sunset.agent.internal.rules.RulesLoader;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
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
  private volatile ConstantPoolScan scan;
  private volatile Set<String> owners;
  private final Map<ClassLoader, Map<String, List<CallSiteInfo>>> sitesByLoader = new WeakHashMap<>();
  private final Map<ClassLoader, Boolean> seesAgent = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** A transformer for the rules in {@code rules}, registering sites in {@code registry}. */
  public LegacyCallTransformer(RuleBook rules, CallSiteRegistry registry, BootstrapInstaller.Target bootstrap) {
    this.rules = rules;
    this.registry = registry;
    this.bootstrap = bootstrap;
    rulesChanged();
  }

  /**
   * Picks up the legacy owners of the rules in force; classes loaded from now on are scanned for them.
   * The legacy owners and the replacements' classes themselves are never rewritten.
   */
  public void rulesChanged() {
    Set<String> legacyOwners = RulesLoader.owners(List.copyOf(rules.all()));
    Set<String> skipped = new java.util.HashSet<>(legacyOwners);
    for (dev.sunset.agent.internal.rules.Rule r : rules.all()) {
      if (r.replacementOwner() != null) {
        skipped.add(r.replacementOwner()); // an adapter may call the legacy method: never redirect it to itself
      }
    }
    this.owners = skipped;
    this.scan = new ConstantPoolScan(legacyOwners);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (loader == null || className == null || isExcluded(className)) {
      return null;
    }
    try {
      if (!scan.mentionsAny(classfileBuffer) || owners.contains(className)) {
        return null;
      }
      return rewrite(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.failureOnce("transform:" + className, "left " + className.replace('/', '.')
          + " unchanged: it could not be rewritten", t);
      return null;
    }
  }

  private byte[] rewrite(Module module, ClassLoader loader, String className, Class<?> redefined, ProtectionDomain pd,
      byte[] bytes) {
    int major = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    if (major < MIN_INDY_VERSION) {
      AgentLog.once("old:" + className, "left " + className.replace('/', '.') + " unchanged: its class file version "
          + major + " predates invokedynamic (51); its legacy calls are not counted");
      return null;
    }
    if (!bootstrap.visibleEverywhere() && (module != null && module.isNamed() || !loaderSeesAgent(loader))) {
      AgentLog.once("loader:" + className, "left " + className.replace('/', '.') + " unchanged: its class loader "
          + loader + " cannot see the agent");
      return null;
    }
    ClassReader reader = new ClassReader(bytes);
    String codeSource = codeSource(pd);
    List<CallSiteInfo> before = redefined == null ? null : rewrittenSites(loader).get(className);
    if (before != null) {
      // Retransformed (by another agent, or a debugger): the JVM hands over the original bytes again, so
      // the same sites come back in the same order; keep their ids and counts rather than listing them twice.
      Iterator<CallSiteInfo> previous = before.iterator();
      // the class already holds the synthetic methods of its method references: write them again
      Rewrite again = rewrite(reader, codeSource, true, () -> previous.hasNext() ? previous.next().id() : -1);
      if (sameSites(again.sites, before)) {
        return again.bytes;
      }
    }
    Rewrite fresh = rewrite(reader, codeSource, redefined == null, registry::reserveId);
    if (fresh.sites.isEmpty()) {
      return null;
    }
    for (CallSiteInfo site : fresh.sites) {
      registry.register(site);
    }
    rewrittenSites(loader).put(className, List.copyOf(fresh.sites));
    return fresh.bytes;
  }

  /** A rewritten class file and the sites it holds. */
  private static final class Rewrite {
    final byte[] bytes;
    final List<CallSiteInfo> sites;

    Rewrite(byte[] bytes, List<CallSiteInfo> sites) {
      this.bytes = bytes;
      this.sites = sites;
    }
  }

  private Rewrite rewrite(ClassReader reader, String codeSource, boolean mayAddMethods, IntSupplier ids) {
    ClassWriter writer = new ClassWriter(reader, 0);
    CallSiteRewriter rewriter = new CallSiteRewriter(writer, rules, ids, bootstrap.owner(), codeSource, mayAddMethods);
    reader.accept(rewriter, 0);
    for (String note : rewriter.notes()) {
      AgentLog.once("note:" + note, note);
    }
    return new Rewrite(rewriter.sites().isEmpty() ? null : writer.toByteArray(), rewriter.sites());
  }

  private static boolean sameSites(List<CallSiteInfo> now, List<CallSiteInfo> before) {
    if (now.size() != before.size()) {
      return false;
    }
    for (int i = 0; i < now.size(); i++) {
      CallSiteInfo a = now.get(i);
      CallSiteInfo b = before.get(i);
      if (a.id() != b.id() || !a.ruleId().equals(b.ruleId()) || !a.methodName().equals(b.methodName())
          || !a.methodDescriptor().equals(b.methodDescriptor()) || a.line() != b.line()) {
        return false;
      }
    }
    return true;
  }

  private Map<String, List<CallSiteInfo>> rewrittenSites(ClassLoader loader) {
    synchronized (sitesByLoader) {
      return sitesByLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }
  }

  private boolean loaderSeesAgent(ClassLoader loader) {
    Boolean known = seesAgent.get(loader);
    if (known != null) {
      return known;
    }
    boolean sees; // looked up outside the map's lock: Class.forName takes the loader's own locks
    try {
      sees = Class.forName(LegacyCallTransformer.class.getName(), false, loader) == LegacyCallTransformer.class;
    } catch (ClassNotFoundException | LinkageError e) {
      sees = false;
    }
    seesAgent.put(loader, sees);
    return sees;
  }

  private static boolean isExcluded(String className) {
    return isAgentClass(className) || className.startsWith("java/")
        || className.startsWith("jdk/") || className.startsWith("sun/") || className.startsWith("com/sun/");
  }

  /**
   * Whether a class already loaded may hold legacy calls, judged by its name and by its class file read as
   * a resource (when it can be), so that attaching late retransforms only the classes that need it.
   */
  public boolean mayRewrite(Class<?> c) {
    String internalName = c.getName().replace('.', '/');
    if (isExcluded(internalName) || owners.contains(internalName)) {
      return false;
    }
    try (java.io.InputStream in = c.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in == null || scan.mentionsAny(in.readAllBytes());
    } catch (java.io.IOException | RuntimeException e) {
      return true;
    }
  }

  /** Whether a class (internal name) is the agent's own: its API package, internals or relocated dependencies. */
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
