package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.Guard;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.registry.SharedNames;
import dev.sunset.agent.internal.rules.LoaderRules;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.core.classfile.ClassFileCheck;
import dev.sunset.core.classfile.ClassHierarchy.ClassInfo;
import dev.sunset.core.classfile.ConstantPoolScan;
import dev.sunset.core.classfile.internal.ClassFileReader;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.resolve.ResolvedRule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites legacy call sites in classes as they load, and weaves guards into the legacy methods
 * themselves, under the rules in force for each class's own loader.
 *
 * <p>Classes from the boot loader, the agent's own classes, and classes whose constant pool names no legacy
 * owner or method are returned untouched after a constant-pool walk. Any failure leaves the class exactly
 * as it was and is logged once per class.
 */
public final class LegacyCallTransformer implements ClassFileTransformer {
  private static final int MIN_INDY_VERSION = 51; // Java 7
  private static final int MIN_PRIVATE_INTERFACE_METHOD_VERSION = 53; // Java 9

  /**
   * What was done to one class, so that a retransformation reproduces it exactly: its sites, its guards, and whether
   * its method references were pointed at synthetic methods added to it (only when the agent defined the class).
   */
  private record Rewritten(List<CallSiteInfo> sites, List<GuardWeaver.Plan> guards, boolean referencesAsMethods) {}

  private record Scan(int version, ConstantPoolScan scan) {}

  private final RulesInForce rules;
  private final CallSiteRegistry registry;
  private final GuardRegistry guards;
  private final BootstrapInstaller.Target bootstrap;
  private final BootstrapInstaller.Installation linkage;
  private volatile Scan scan = new Scan(-1, new ConstantPoolScan(List.of()));
  private volatile boolean rewritesCalls = true;
  private final Map<ClassLoader, Map<String, Rewritten>> rewrittenByLoader = new WeakHashMap<>();
  private final Map<ClassLoader, Boolean> seesAgent = Collections.synchronizedMap(new WeakHashMap<>());

  /** A transformer for the rules in {@code rules}, registering sites in {@code registry}. */
  public LegacyCallTransformer(RulesInForce rules, CallSiteRegistry registry, GuardRegistry guards,
      BootstrapInstaller.Installation linkage) {
    this.rules = rules;
    this.registry = registry;
    this.guards = guards;
    this.linkage = linkage;
    this.bootstrap = linkage.target();
  }

  /**
   * Whether legacy calls are rewritten, or only guards woven. Attaching to a running JVM first weaves the guards of
   * the legacy classes already loaded, calls not rewritten anywhere, so that no rewritten site links before the guard
   * it must tell apart from its own calls is in place; then rewrites the calls.
   */
  public void rewriteCalls(boolean rewrite) {
    this.rewritesCalls = rewrite;
  }

  private ConstantPoolScan scan() {
    RulesInForce.ScanNames names = rules.scanNames();
    Scan current = scan;
    if (current.version() != names.version()) {
      current = new Scan(names.version(), new ConstantPoolScan(names.names(), List.of(), names.packages()));
      scan = current;
    }
    return current.scan();
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code className} is null when a class loader defines a class from bytes without naming it
   * ({@code defineClass(null, bytes, ...)}, as plugin hosts and code generators do): the name is then read from the
   * class file, once its constant pool has named a legacy name, and the class is rewritten as any other. A hidden class
   * ({@code Lookup.defineHiddenClass}) never comes here: the JVM does not hand hidden classes to transformers.
   */
  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (loader == null || className != null && isExcluded(className)) {
      return null;
    }
    String name = className;
    try {
      LoaderRules scope = rules.forLoader(loader);
      if (scope.hasNoRuleFiles() || !scan().mentionsAny(classfileBuffer) || scope.isEmpty()) {
        return null;
      }
      if (name == null) {
        name = nameInClassFile(classfileBuffer);
        if (name == null || isExcluded(name)) {
          return null;
        }
      }
      return rewrite(module, loader, scope, name, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      String shown = name == null ? "a class defined without a name" : name.replace('/', '.');
      AgentLog.failureOnce(LogTopic.TRANSFORM, name, "left " + shown + " unchanged: it could not be rewritten", t);
      return null;
    }
  }

  /**
   * The internal name a class file gives itself, or null when the JVM would refuse the file (it then fails as it would
   * without the agent).
   */
  private static String nameInClassFile(byte[] bytes) {
    return ClassFileCheck.problem(bytes).isPresent() ? null : new ClassReader(bytes).getClassName();
  }

  private byte[] rewrite(Module module, ClassLoader loader, LoaderRules scope, String className, Class<?> redefined,
      ProtectionDomain pd, byte[] bytes) {
    Rewritten before = redefined == null ? null : rewritten(loader).get(className);
    ClassReader reader;
    boolean calls;
    int major;
    List<ResolvedRule> guardCandidates;
    try {
      reader = new ClassReader(bytes);
      major = ClassFileReader.majorVersion(bytes);
      // the matcher leaves a class's calls alone only for the rules it is the legacy owner or replacement of
      calls = rewritesCalls && scope.matcher().mayCall(reader);
      guardCandidates = before != null ? List.of() : guardCandidates(module, scope, className, reader, major);
      if (before == null && !calls && guardCandidates.isEmpty()) {
        // Many classes that name a legacy owner call none of its legacy methods (a third on PetClinic, which names
        // Assert for Assert.state): left as they are without the class-file check, the largest step of a rewrite
        // (docs/benchmarks.md, "A real Spring Boot application: PetClinic"); the constant-pool walks above read no code.
        return null;
      }
    } catch (RuntimeException e) {
      Optional<String> why = ClassFileCheck.whyLeftAlone(bytes);
      if (why.isPresent()) {
        return leftAlone(className, why.get());
      }
      throw e;
    }
    Optional<String> why = ClassFileCheck.whyLeftAlone(bytes);
    if (why.isPresent()) {
      return leftAlone(className, why.get());
    }
    // a class being redefined for the first time (loaded before the agent attached) may gain no method: no twins
    List<GuardWeaver.Plan> plans = before != null ? before.guards()
        : planGuards(guardCandidates, bytes, major, redefined != null);
    if (calls && major < MIN_INDY_VERSION) {
      AgentLog.once(LogTopic.CLASS_FILE_TOO_OLD, className,
          "left the calls in " + className.replace('/', '.') + " unchanged: its class"
          + " file version " + major + " predates invokedynamic (51); calls that reach a guarded legacy method are"
          + " caught there");
      calls = false;
    }
    if (calls && !bootstrap.visibleEverywhere() && (module != null && module.isNamed() || !loaderSeesAgent(loader))) {
      AgentLog.once(LogTopic.LOADER_CANNOT_SEE_AGENT, className,
          "left " + className.replace('/', '.') + " unchanged: its class loader "
          + LoaderRules.describe(loader) + " cannot see the agent");
      calls = false;
    }
    if (!calls && plans.isEmpty()) {
      return null;
    }
    String codeSource = SharedNames.of(codeSource(pd));
    if (before != null) {
      // Retransformed (by another agent, or a debugger): the JVM hands over the original bytes again, so
      // the same sites come back in the same order; keep their ids and counts rather than listing them twice,
      // and weave the same guards (a retransformation may not add or remove methods).
      Iterator<CallSiteInfo> previous = before.sites().iterator();
      ClassRewrite.Pass again = ClassRewrite.pass(reader, scope, codeSource, before.referencesAsMethods(), calls, plans,
          bootstrap, () -> previous.hasNext() ? previous.next().id() : -1);
      if (sameSites(again.sites(), before.sites())) {
        linkage.activate();
        again.helpers().forEach(registry::keepReferenceHelper);
        return again.bytes();
      }
    }
    ClassRewrite.Pass fresh = ClassRewrite.pass(reader, scope, codeSource, redefined == null, calls, plans, bootstrap,
        registry::reserveId);
    if (fresh.bytes() == null) {
      return null;
    }
    linkage.activate(); // before the class can run: usually done already, by the agent's thread
    if (redefined != null && before == null) {
      // frames running the class as it was loaded keep running that code, which the JVM gives no lines any more
      registry.keepOriginalLines(redefined, OriginalLineReader.read(bytes).withSites(fresh.sites()));
    }
    fresh.helpers().forEach(registry::keepReferenceHelper); // before the sites: a site links only once registered
    for (CallSiteInfo site : fresh.sites()) {
      registry.register(site);
    }
    if (before == null) {
      for (GuardWeaver.Plan p : plans) {
        guards.register(new Guard(p.guardId(), scope, p.ruleId(), p.legacyMember(), className.replace('/', '.'),
            p.methodName(), p.descriptor(), p.twinName(), p.canRedirect()));
      }
    }
    rewritten(loader).put(className, new Rewritten(List.copyOf(fresh.sites()), plans,
        before != null ? before.referencesAsMethods() : redefined == null && calls));
    return fresh.bytes();
  }

  /**
   * Leaves a class the class-file check stops as it is: the JVM refuses it with its own error, exactly as it would
   * without the agent; or, written anew, it would load (or fail) otherwise than without the agent, so its calls are
   * the guards' to count.
   */
  private static byte[] leftAlone(String className, String why) {
    if (why.equals(ClassFileCheck.NOT_FAITHFUL)) {
      AgentLog.once(LogTopic.CLASS_FILE_UNFAITHFUL, className, "left " + className.replace('/', '.') + " unchanged: "
          + ClassFileCheck.NOT_FAITHFUL);
    }
    return null;
  }

  /**
   * The rules whose legacy method a class may hold a guard for: a legacy method it may declare, or, unless it is an
   * interface, an abstract one of a type it directly extends or implements; read from the class's header alone, so
   * that a class with none (and no call to rewrite) is left without reading its code.
   */
  private List<ResolvedRule> guardCandidates(Module module, LoaderRules scope, String className, ClassReader reader,
      int major) {
    if (!bootstrap.visibleEverywhere() || (module != null && module.isNamed())) {
      return List.of();
    }
    boolean isInterface = (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0;
    if (isInterface && major < MIN_PRIVATE_INTERFACE_METHOD_VERSION) {
      return List.of();
    }
    List<ResolvedRule> candidates = new ArrayList<>();
    List<String> supertypes = new ArrayList<>(List.of(reader.getInterfaces()));
    if (reader.getSuperName() != null) {
      supertypes.add(reader.getSuperName());
    }
    for (ResolvedRule r : withPackageMembers(scope, className, supertypes)) {
      LegacyMember m = r.legacy();
      if (!m.isMethod()) {
        continue; // constructors, fields and types are used only through rewritten sites
      }
      if (m.owner().equals(className) ? !m.isAbstract() : m.isAbstract() && !isInterface && supertypes.contains(m.owner())) {
        candidates.add(r);
      }
    }
    return candidates;
  }

  /**
   * The guards to weave into a class, from its {@link #guardCandidates}: the legacy methods it declares, and its
   * implementations of abstract legacy methods of the types it directly extends or implements; {@code twinless} for a
   * class being redefined.
   */
  private List<GuardWeaver.Plan> planGuards(List<ResolvedRule> guardCandidates, byte[] bytes, int major,
      boolean twinless) {
    if (guardCandidates.isEmpty()) {
      return List.of();
    }
    List<ResolvedRule> candidates = new ArrayList<>(guardCandidates);
    // One guard per method, and a method rule's before a class rule's (the weaver takes the first plan of a method):
    // a method that implements a method rule's abstract legacy method is that rule's, as the matcher decides for
    // calls, whichever rule comes first in the files; so the rule's replacement falling back to the method is its
    // library side, not a use of the class.
    candidates.sort(Comparator.comparing(ResolvedRule::isClassRule));
    ClassInfo info = ClassInfo.read(bytes, "");
    List<GuardWeaver.Plan> plans = new ArrayList<>();
    for (ResolvedRule r : candidates) {
      LegacyMember m = r.legacy();
      Integer access = info.declared(m.name(), m.descriptor());
      if (access == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
          || ((access & Opcodes.ACC_STATIC) != 0) != m.isStatic()) {
        continue; // no body here to guard
      }
      boolean overridable = (access & (Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE)) == 0
          && !info.isFinal();
      plans.add(new GuardWeaver.Plan(guards.reserveId(), r.id(), m.key(), m.name(), m.descriptor(),
          major >= MIN_INDY_VERSION && r.hasReplacement(), overridable, twinless));
    }
    return plans;
  }

  /**
   * The rules resolved in a loader, with the members package rules cover of a class and of its direct supertypes
   * (resolved now if need be: a package's classes are resolved as they are met).
   */
  private static List<ResolvedRule> withPackageMembers(LoaderRules scope, String className, List<String> supertypes) {
    List<ResolvedRule> all = scope.resolvedRules();
    if (!scope.matcher().packages().isEmpty()) {
      all = new ArrayList<>(all);
      all.addAll(scope.matcher().packageMembers(className));
      for (String supertype : supertypes) {
        all.addAll(scope.matcher().packageMembers(supertype));
      }
    }
    return all;
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

  private Map<String, Rewritten> rewritten(ClassLoader loader) {
    synchronized (rewrittenByLoader) {
      return rewrittenByLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
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
    if (isExcluded(internalName) || c.getClassLoader() == null) {
      return false;
    }
    LoaderRules scope = rules.forLoader(c.getClassLoader());
    if (scope.isEmpty()) {
      return false;
    }
    try (InputStream in = c.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in == null || scan().mentionsAny(InputFile.readAtMost(in, Limits.CLASS_FILE_BYTES, "a class file"));
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Whether a class already loaded may declare a legacy method, or implement an abstract one of a type it names
   * directly: the classes whose guards attaching late weaves before it rewrites any call.
   */
  public boolean mayGuard(Class<?> c) {
    String internalName = c.getName().replace('.', '/');
    if (isExcluded(internalName) || c.getClassLoader() == null || !bootstrap.visibleEverywhere()) {
      return false;
    }
    LoaderRules scope = rules.forLoader(c.getClassLoader());
    if (scope.isEmpty()) {
      return false;
    }
    List<String> supertypes = new ArrayList<>();
    for (Class<?> i : c.getInterfaces()) {
      supertypes.add(i.getName().replace('.', '/'));
    }
    if (c.getSuperclass() != null) {
      supertypes.add(c.getSuperclass().getName().replace('.', '/'));
    }
    for (ResolvedRule r : withPackageMembers(scope, internalName, supertypes)) {
      LegacyMember m = r.legacy();
      if (m.isMethod() && (m.isAbstract() ? supertypes.contains(m.owner()) : m.owner().equals(internalName))) {
        return true;
      }
    }
    return false;
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
