package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ClassHierarchy.ClassInfo;
import dev.sunset.core.classfile.ClassHierarchy.FoundMethod;
import dev.sunset.core.classfile.ConstantPoolScan;
import dev.sunset.core.format.Use;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.resolve.RuleResolver;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.RuleSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Decides which invoke instructions and method references call a rule's legacy method: those naming the
 * legacy owner with the legacy name and descriptor, and those naming a subtype that inherits the legacy
 * method (resolved through the class hierarchy the way the JVM resolves them), unless the calling class is on
 * that rule's own library side ({@link #isLibrarySide}). The agent rewrites what it matches and a scan lists
 * it, so both decide here, in one place, and cannot disagree.
 *
 * <p>A package rule's classes cannot be listed where the agent runs (a class loader lists no package): each class of
 * it is resolved here the first time a class being matched names it, through the hierarchy's class files, to {@value
 * RuleResolver#MAX_CLASSES_PER_PACKAGE} classes per rule; a scan may hand some resolved already. A call or field
 * access naming a class outside the package that inherits a member of one of its classes is found by resolving it
 * through the hierarchy, once per owner, name and descriptor.
 *
 * <p>Built once per set of resolved rules (a class loader's, or a scan's); safe for concurrent use.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class LegacyCallMatcher {
  /** Told what the package rules cover as their classes are resolved; each method must be quick and not throw. */
  public interface PackageListener {
    /** A package rule covers one more class, found in {@code location} (a jar or folder). */
    void classFound(RuleSpec rule, String internalName, String location);

    /** A package rule reached its limit of classes: {@code internalName} and any later class are not covered. */
    void limitReached(RuleSpec rule, String internalName, int limit);

    /** Told nothing. */
    PackageListener NONE = new PackageListener() {
      @Override
      public void classFound(RuleSpec rule, String internalName, String location) {}

      @Override
      public void limitReached(RuleSpec rule, String internalName, int limit) {}
    };
  }

  /** One package rule's classes as they are resolved. */
  private static final class PackageRule {
    final RuleSpec spec;
    final String prefix;
    /** Each class looked for, whether it was found. */
    final Map<String, Boolean> looked = new ConcurrentHashMap<>();
    /** The members of each class found, by class; and all of them by key. */
    final Map<String, List<ResolvedRule>> byClass = new ConcurrentHashMap<>();
    final Map<String, ResolvedRule> byKey = new ConcurrentHashMap<>();
    final AtomicInteger found = new AtomicInteger();
    final AtomicBoolean limitSaid = new AtomicBoolean();

    /** {@code L<package>/} as a class file's descriptors and signatures hold it (modified UTF-8). */
    final byte[] descriptorPrefix;

    PackageRule(RuleSpec spec) {
      this.spec = spec;
      this.prefix = spec.legacy().ownerInternalName();
      this.descriptorPrefix = ConstantPoolScan.modifiedUtf8("L" + prefix + "/");
    }

    boolean covers(String internalName) {
      return MemberRef.inPackage(internalName, prefix);
    }
  }

  private final Map<String, ResolvedRule> byKey = new ConcurrentHashMap<>();
  private final Map<String, List<ResolvedRule>> byNameAndDescriptor = new HashMap<>();
  private final Set<String> owners = new LinkedHashSet<>();
  private final Set<String> names = new LinkedHashSet<>();
  private final ClassHierarchy hierarchy;
  private final Map<String, Optional<ResolvedRule>> subtypeAnswers = new ConcurrentHashMap<>();

  /** The class rules' classes themselves (and the package rules' classes resolved so far), by internal name. */
  private final Map<String, ResolvedRule> classes = new ConcurrentHashMap<>();
  /** Their binary names, {@code com.acme.Legacy}, as a lookup by name writes them. */
  private final Map<String, ResolvedRule> classesByBinaryName = new ConcurrentHashMap<>();
  /** Constructors and fields of class rules (and of the package rules' classes resolved so far), by key. */
  private final Map<String, ResolvedRule> constructorsAndFields = new ConcurrentHashMap<>();
  /** Fields of class rules, by {@code name.descriptor}, for accesses naming a subtype. */
  private final Set<String> fieldNames = new HashSet<>();
  private final Map<String, Optional<ResolvedRule>> subtypeFieldAnswers = new ConcurrentHashMap<>();

  /** The package rules, in the order given: the first naming a package covers its classes. */
  private final List<PackageRule> packages = new ArrayList<>();
  /** Whether a package rule names a package of {@code java.}, whose classes others of {@code java.} may extend. */
  private final boolean packageUnderJava;
  private final PackageListener listener;
  /** Calls and field accesses naming a class that inherits the member from a package rule's class, by key. */
  private final Map<String, Optional<ResolvedRule>> packageSubtypeAnswers = new ConcurrentHashMap<>();

  /**
   * A matcher for these rules, resolving subtypes through {@code hierarchy}. A method both a method rule and its
   * class's rule cover is the method rule's: a member rule overrides its class's rule for that member.
   */
  public LegacyCallMatcher(Collection<ResolvedRule> rules, ClassHierarchy hierarchy) {
    this(rules, List.of(), hierarchy, PackageListener.NONE);
  }

  /**
   * A matcher for these rules and package rules, resolving subtypes and the package rules' classes through {@code
   * hierarchy}, telling {@code listener} of the classes found. {@code rules} may hold package rules' members resolved
   * already (a scan's). A member rule overrides its class's rule for that member, and a class rule or a member rule
   * overrides a package rule for its class or member, whichever file names it first.
   *
   * @param packageRules the package rules in force, in the order their files give them
   */
  public LegacyCallMatcher(Collection<ResolvedRule> rules, Collection<RuleSpec> packageRules, ClassHierarchy hierarchy,
      PackageListener listener) {
    this.hierarchy = hierarchy;
    this.listener = listener;
    boolean underJava = false;
    for (RuleSpec spec : packageRules) {
      if (spec.legacy().isPackage()) {
        packages.add(new PackageRule(spec));
        underJava |= spec.legacy().ownerInternalName().equals("java")
            || spec.legacy().ownerInternalName().startsWith("java/");
      }
    }
    this.packageUnderJava = underJava;
    List<ResolvedRule> methodRulesFirst = new ArrayList<>(rules);
    // method rules, then class rules, then package rules: the narrower rule takes what two cover
    methodRulesFirst.sort(Comparator.comparingInt(r -> r.isPackageRule() ? 2 : r.isClassRule() ? 1 : 0));
    Map<String, List<ResolvedRule>> packageClasses = new LinkedHashMap<>();
    for (ResolvedRule rule : methodRulesFirst) {
      if (rule.isPackageRule()) {
        packageClasses.computeIfAbsent(rule.legacy().owner(), c -> new ArrayList<>()).add(rule);
        continue;
      }
      LegacyMember legacy = rule.legacy();
      switch (legacy.kind()) {
        case METHOD -> {
          if (byKey.putIfAbsent(legacy.key(), rule) == null) {
            byNameAndDescriptor.computeIfAbsent(legacy.name() + legacy.descriptor(), k -> new ArrayList<>()).add(rule);
            owners.add(legacy.owner());
            names.add(legacy.name());
          }
        }
        case CONSTRUCTOR -> constructorsAndFields.putIfAbsent(legacy.key(), rule);
        case FIELD -> {
          if (constructorsAndFields.putIfAbsent(legacy.key(), rule) == null) {
            fieldNames.add(legacy.name() + "." + legacy.descriptor());
            names.add(legacy.name());
          }
        }
        case CLASS -> {
          if (classes.putIfAbsent(legacy.owner(), rule) == null) {
            classesByBinaryName.put(legacy.owner().replace('/', '.'), rule);
            owners.add(legacy.owner());
          }
        }
      }
    }
    packageClasses.forEach((owner, members) -> { // resolved already (a scan's): taken as if resolved here
      PackageRule p = packageRule(owner);
      ResolvedRule claimed = classes.get(owner);
      if (p != null && p.spec.id().equals(members.get(0).id()) && (claimed == null || claimed.isPackageRule())) {
        p.looked.computeIfAbsent(owner, c -> addPackageClass(p, c, members));
      }
    });
  }

  /** The package rule that covers a class (internal name), or null. */
  private PackageRule packageRule(String internalName) {
    for (PackageRule p : packages) { // a few at most
      if (p.covers(internalName)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Makes sure the class {@code internalName} is resolved if a package rule covers it (once per class, other threads
   * asking for the same class waiting for it); says whether one covers it. A class that a class rule covers is that
   * rule's, not resolved for the package.
   */
  private boolean packageClass(String internalName) {
    if (packages.isEmpty()) {
      return false;
    }
    PackageRule p = packageRule(internalName);
    if (p == null) {
      return false;
    }
    if (!p.looked.containsKey(internalName)) {
      p.looked.computeIfAbsent(internalName, c -> resolvePackageClass(p, c));
    }
    return true;
  }

  private Boolean resolvePackageClass(PackageRule p, String internalName) {
    ResolvedRule claimed = classes.get(internalName);
    if (claimed != null && !claimed.isPackageRule()) {
      return Boolean.FALSE; // a class rule's: it overrides the package rule for its class
    }
    Optional<ClassInfo> info = hierarchy.info(internalName);
    if (info.isEmpty()) {
      return Boolean.FALSE;
    }
    List<ResolvedRule> members = RuleResolver.packageClass(p.spec, info.get());
    return members.isEmpty() ? Boolean.FALSE : addPackageClass(p, internalName, members);
  }

  /** Adds a package rule's class found, within its limit; says whether it was added. */
  private Boolean addPackageClass(PackageRule p, String internalName, List<ResolvedRule> members) {
    if (p.found.incrementAndGet() > RuleResolver.MAX_CLASSES_PER_PACKAGE) {
      p.found.decrementAndGet();
      if (p.limitSaid.compareAndSet(false, true)) {
        listener.limitReached(p.spec, internalName, RuleResolver.MAX_CLASSES_PER_PACKAGE);
      }
      return Boolean.FALSE;
    }
    for (ResolvedRule rule : members) {
      LegacyMember legacy = rule.legacy();
      p.byKey.putIfAbsent(legacy.key(), rule);
      // none of its names is scanned for: the package's prefix is (packages())
      switch (legacy.kind()) {
        case METHOD -> byKey.putIfAbsent(legacy.key(), rule);
        case CONSTRUCTOR, FIELD -> constructorsAndFields.putIfAbsent(legacy.key(), rule);
        case CLASS -> {
          if (classes.putIfAbsent(legacy.owner(), rule) == null) {
            classesByBinaryName.putIfAbsent(legacy.owner().replace('/', '.'), rule);
          }
        }
      }
    }
    p.byClass.put(internalName, List.copyOf(members));
    listener.classFound(p.spec, internalName, members.get(0).legacyLocation());
    return Boolean.TRUE;
  }

  /**
   * The packages of the package rules (internal names, {@code com/acme/legacy}): a class file naming none of their
   * classes has no site of them.
   */
  public List<String> packages() {
    List<String> all = new ArrayList<>();
    for (PackageRule p : packages) {
      all.add(p.prefix);
    }
    return all;
  }

  /**
   * The members that a package rule covers of the class {@code internalName}, resolving it if need be (the legacy
   * methods whose guards a class of the package gets); empty when no package rule covers it.
   */
  public List<ResolvedRule> packageMembers(String internalName) {
    PackageRule p = packages.isEmpty() ? null : packageRule(internalName);
    return p == null || !packageClass(internalName) ? List.of() : p.byClass.getOrDefault(internalName, List.of());
  }

  /**
   * The member with this key ({@link LegacyMember#key()}) that the package rule {@code ruleId} covers, resolving its
   * class if need be; null when no package rule of that id covers it here.
   */
  public ResolvedRule packageMember(String ruleId, String memberKey) {
    int dot = memberKey.indexOf('.');
    PackageRule p = dot <= 0 || packages.isEmpty() ? null : packageRule(memberKey.substring(0, dot));
    if (p == null || !p.spec.id().equals(ruleId) || !packageClass(memberKey.substring(0, dot))) {
      return null;
    }
    return p.byKey.get(memberKey);
  }

  /** The rules matched: one per legacy member. */
  public Collection<ResolvedRule> rules() {
    List<ResolvedRule> all = new ArrayList<>(byKey.values());
    all.addAll(constructorsAndFields.values());
    all.addAll(classes.values());
    return all;
  }

  /** Whether any class rule or package rule is matched: only then are constructors, fields and types looked at. */
  public boolean hasClassRules() {
    return !classes.isEmpty() || !packages.isEmpty();
  }

  /** The legacy owners' internal names. */
  public Set<String> owners() {
    return owners;
  }

  /**
   * The names a class file must hold in its constant pool to possibly call a legacy method: the legacy
   * owners and, for calls through subtypes, the legacy methods' names.
   */
  public Set<String> scanNames() {
    Set<String> all = new LinkedHashSet<>(owners);
    all.addAll(names);
    classesByBinaryName.forEach((name, rule) -> {
      if (!rule.isPackageRule()) { // a package rule's classes are found by the package's prefix
        all.add(name); // a lookup by name holds the class's name as a string
      }
    });
    return all;
  }
  /**
   * The internal names of the class rules' classes, which a scan also looks for inside descriptors and signatures: a
   * class that only takes or returns one names it nowhere else, and is a type reference all the same.
   */
  public Set<String> classRuleOwners() {
    Set<String> owners = new LinkedHashSet<>();
    // a package rule's classes are looked for by their package, in descriptors too (packages()): listing them here
    // would also have a scan parse the package's own classes, which name each other and are its library side
    classes.forEach((owner, rule) -> {
      if (!rule.isPackageRule()) {
        owners.add(owner);
      }
    });
    return owners;
  }


  /**
   * Whether {@code className} (internal name) is on {@code rule}'s library side, so that its calls to that rule's
   * legacy method are not call sites: it declares the legacy method (the legacy library calling itself), or it is
   * the replacement's class (an adapter that falls back to the legacy method must reach it, not come back to
   * itself through a rewritten call).
   *
   * <p>Only this rule's classes count. A class that is the legacy owner or the replacement of one rule calls
   * every other rule's legacy method like any caller, and a rule that was refused or did not resolve has no
   * {@link ResolvedRule} and names no class at all: a rule naming an application class, even by a typo, hides
   * none of that class's other calls. The agent's guards ask the same question of the caller they find.
   */
  public static boolean isLibrarySide(ResolvedRule rule, String className) {
    if (rule.isPackageRule()) { // every class of the package: the classes of a package use each other freely
      return MemberRef.inPackage(className, rule.spec().legacy().ownerInternalName());
    }
    if (!rule.isClassRule()) {
      return className.equals(rule.legacy().owner())
          || (rule.replacement() != null && className.equals(rule.replacement().owner()));
    }
    // a class rule's side is its class and everything nested in it, whichever of them declares the member, and its
    // adapter class (and everything nested in it), whichever member it stands in for: both go when the class goes
    MemberRef adapter = rule.spec().replacement();
    return isOrNests(rule.spec().legacy().ownerInternalName(), className)
        || (adapter != null && isOrNests(adapter.ownerInternalName(), className));
  }

  /** Whether {@code className} is {@code owner} or a class nested in it, to any depth (internal names). */
  private static boolean isOrNests(String owner, String className) {
    return className.equals(owner) || (className.length() > owner.length() && className.startsWith(owner)
        && className.charAt(owner.length()) == '$');
  }

  /**
   * The match for an invoke instruction in {@code caller} (internal name), or empty.
   *
   * @param caller the class whose code holds the instruction
   */
  public Optional<CallMatch> matchInvoke(String caller, int opcode, String owner, String name, String descriptor) {
    if (opcode == Opcodes.INVOKESPECIAL) {
      return Optional.empty(); // super calls and private calls are not call sites of the legacy API
    }
    return match(caller, opcode == Opcodes.INVOKESTATIC, owner, name, descriptor);
  }

  /**
   * The match for a method handle constant (a method reference's implementation) in {@code caller} (internal
   * name), or empty: a method reference, or a class rule's constructor reference ({@code Legacy::new}, whose use is
   * {@code new}).
   */
  public Optional<CallMatch> matchHandle(String caller, int tag, String owner, String name, String descriptor) {
    return switch (tag) {
      case Opcodes.H_INVOKESTATIC -> match(caller, true, owner, name, descriptor);
      case Opcodes.H_INVOKEVIRTUAL, Opcodes.H_INVOKEINTERFACE -> match(caller, false, owner, name, descriptor);
      case Opcodes.H_NEWINVOKESPECIAL -> matchConstructor(caller, owner, descriptor); // Legacy::new
      default -> Optional.empty();
    };
  }

  private Optional<CallMatch> match(String caller, boolean isStatic, String owner, String name, String descriptor) {
    return rule(owner, name, descriptor).filter(r -> r.legacy().isStatic() == isStatic)
        .filter(r -> !isLibrarySide(r, caller)).map(r -> new CallMatch(r, owner));
  }

  /** The rule whose legacy method a reference to {@code owner.name descriptor} reaches, directly or through a subtype. */
  private Optional<ResolvedRule> rule(String owner, String name, String descriptor) {
    String key = owner + "." + name + descriptor;
    ResolvedRule exact = byKey.get(key);
    if (exact == null && packageClass(owner)) {
      exact = byKey.get(key);
    }
    if (exact != null) {
      return Optional.of(exact);
    }
    if (byNameAndDescriptor.containsKey(name + descriptor) && !owners.contains(owner)) {
      Optional<ResolvedRule> inherited = subtypeMatch(owner, name, descriptor);
      if (inherited.isPresent()) {
        return inherited;
      }
    }
    return packages.isEmpty() ? Optional.empty() : packageSubtypeMatch(owner, name, descriptor);
  }

  /**
   * The package rule's method a call naming {@code owner} reaches when {@code owner} inherits it from a class of the
   * package (an application's subclass, or another class of the package), resolved as the JVM does, once per key.
   */
  private Optional<ResolvedRule> packageSubtypeMatch(String owner, String name, String descriptor) {
    if (!mayInheritFromPackage(owner)) {
      return Optional.empty();
    }
    String key = owner + "." + name + descriptor;
    Optional<ResolvedRule> known = packageSubtypeAnswers.get(key);
    if (known != null) {
      return known;
    }
    Optional<ResolvedRule> answer = Optional.empty();
    int close = descriptor.indexOf(')');
    Optional<FoundMethod> found = close < 0 ? Optional.empty()
        : hierarchy.findMethod(owner, name, descriptor.substring(0, close + 1));
    if (found.isPresent() && found.get().descriptor().equals(descriptor) && !found.get().declaringClass().equals(owner)
        && packageClass(found.get().declaringClass())) {
      answer = Optional.ofNullable(byKey.get(found.get().declaringClass() + "." + name + descriptor))
          .filter(ResolvedRule::isPackageRule);
    }
    packageSubtypeAnswers.putIfAbsent(key, answer);
    return answer;
  }

  /**
   * Whether a class named by an instruction may inherit a member of a package rule's class: not an array, and not a
   * class of {@code java.} (only the JDK defines those, and none of them extends an application's class) unless a
   * package rule names a package there.
   */
  private boolean mayInheritFromPackage(String owner) {
    return !owner.startsWith("[") && (packageUnderJava || !owner.startsWith("java/"));
  }

  private Optional<ResolvedRule> subtypeMatch(String owner, String name, String descriptor) {
    String key = owner + "." + name + descriptor;
    Optional<ResolvedRule> known = subtypeAnswers.get(key);
    if (known != null) {
      return known;
    }
    Optional<ResolvedRule> answer = Optional.empty();
    String params = descriptor.substring(0, descriptor.indexOf(')') + 1);
    Optional<FoundMethod> resolved = hierarchy.findMethod(owner, name, params);
    if (resolved.isPresent() && resolved.get().descriptor().equals(descriptor)) {
      ResolvedRule rule = byKey.get(resolved.get().declaringClass() + "." + name + descriptor);
      if (rule != null) {
        answer = Optional.of(rule);
      }
    }
    subtypeAnswers.putIfAbsent(key, answer);
    return answer;
  }

  /**
   * The match for {@code new} of {@code owner} (internal name) with a constructor of this descriptor in
   * {@code caller}, or empty: the constructor call a class rule covers. Only a constructor call after {@code new} is
   * one; a {@code super(...)} or {@code this(...)} call is part of a subclass's or the class's own constructor.
   */
  public Optional<CallMatch> matchConstructor(String caller, String owner, String descriptor) {
    String key = owner + ".<init>" + descriptor;
    ResolvedRule rule = constructorsAndFields.get(key);
    if (rule == null && packageClass(owner)) {
      rule = constructorsAndFields.get(key);
    }
    return rule == null || isLibrarySide(rule, caller) ? Optional.empty()
        : Optional.of(new CallMatch(rule, owner, Use.NEW));
  }

  /** The match for a field instruction in {@code caller}, directly or through a subtype, or empty. */
  public Optional<CallMatch> matchField(String caller, int opcode, String owner, String name, String descriptor) {
    if (fieldNames.isEmpty() && packages.isEmpty()) {
      return Optional.empty();
    }
    String key = owner + "." + name + "." + descriptor;
    ResolvedRule rule = constructorsAndFields.get(key);
    if (rule == null && packageClass(owner)) {
      rule = constructorsAndFields.get(key);
    }
    if (rule == null && fieldNames.contains(name + "." + descriptor) && !classes.containsKey(owner)) {
      rule = subtypeFieldAnswers.computeIfAbsent(key, k -> hierarchy.findField(owner, name, descriptor)
          .map(declaring -> constructorsAndFields.get(declaring + "." + name + "." + descriptor))).orElse(null);
    }
    if (rule == null && !packages.isEmpty() && mayInheritFromPackage(owner)) {
      // a field of a package rule's class, reached through a class that inherits it
      rule = packageSubtypeAnswers.computeIfAbsent(key, k -> hierarchy.findField(owner, name, descriptor)
          .filter(declaring -> !declaring.equals(owner) && packageClass(declaring))
          .map(declaring -> constructorsAndFields.get(declaring + "." + name + "." + descriptor))
          .filter(ResolvedRule::isPackageRule)).orElse(null);
    }
    boolean isStatic = opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC;
    if (rule == null || rule.legacy().isStatic() != isStatic || isLibrarySide(rule, caller)) {
      return Optional.empty();
    }
    boolean write = opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC;
    return Optional.of(new CallMatch(rule, owner, write ? Use.FIELD_WRITE : Use.FIELD_READ));
  }

  /**
   * The match for a class rule's type named by {@code caller} (an internal name, or an array or field descriptor of
   * one), as {@code use}, or empty.
   */
  public Optional<CallMatch> matchType(String caller, String type, Use use) {
    if (!hasClassRules() || type == null) {
      return Optional.empty();
    }
    String t = type;
    int dims = 0;
    while (dims < t.length() && t.charAt(dims) == '[') {
      dims++;
    }
    if (dims > 0 || (t.startsWith("L") && t.endsWith(";"))) {
      t = t.charAt(dims) == 'L' && t.endsWith(";") ? t.substring(dims + 1, t.length() - 1) : null;
    }
    ResolvedRule rule = t == null ? null : classRule(t);
    return rule == null || isLibrarySide(rule, caller) ? Optional.empty() : Optional.of(new CallMatch(rule, t, use));
  }

  /** The class rule's (or package rule's) class itself with this internal name, resolving a package's; or null. */
  private ResolvedRule classRule(String internalName) {
    ResolvedRule rule = classes.get(internalName);
    if (rule == null && packageClass(internalName)) {
      rule = classes.get(internalName);
    }
    return rule;
  }

  /** The match for a lookup of a class by the name {@code binaryName} ({@code com.acme.Legacy}), or empty. */
  public Optional<CallMatch> matchClassName(String caller, String binaryName) {
    ResolvedRule rule = classesByBinaryName.get(binaryName);
    if (rule == null && !packages.isEmpty() && binaryName.indexOf('/') < 0
        && packageClass(binaryName.replace('.', '/'))) {
      rule = classesByBinaryName.get(binaryName);
    }
    return rule == null || isLibrarySide(rule, caller) ? Optional.empty()
        : Optional.of(new CallMatch(rule, rule.legacy().owner(), Use.CLASS_LOOKUP));
  }

  /** The class rules' types among a descriptor's or signature's class names: each a type reference. */
  public List<CallMatch> typesIn(String caller, String descriptorOrSignature) {
    if (!hasClassRules() || descriptorOrSignature == null) {
      return List.of();
    }
    List<CallMatch> found = new ArrayList<>();
    for (int at = descriptorOrSignature.indexOf('L'); at >= 0; at = descriptorOrSignature.indexOf('L', at + 1)) {
      int end = at + 1;
      while (end < descriptorOrSignature.length() && ";<".indexOf(descriptorOrSignature.charAt(end)) < 0) {
        end++;
      }
      ResolvedRule rule = classRule(descriptorOrSignature.substring(at + 1, end));
      if (rule != null && !isLibrarySide(rule, caller)
          && found.stream().noneMatch(m -> m.rule() == rule)) {
        found.add(new CallMatch(rule, rule.legacy().owner(), Use.TYPE_REFERENCE));
      }
    }
    return found;
  }

  /**
   * Whether a class may hold a call site: one of its constant pool's method references matches a rule the
   * class is not on the library side of, walked with ASM's constant pool index (no code is parsed). Cheap enough
   * to run on every class that passed the constant-pool name scan. For a package rule, a descriptor or signature
   * naming one of its classes counts too (a type reference, which a scan lists).
   */
  public boolean mayCall(ClassReader reader) {
    String caller = reader.getClassName();
    char[] buffer = new char[reader.getMaxStringLength()];
    int count = reader.getItemCount();
    boolean typeRules = hasClassRules();
    for (int i = 1; i < count; i++) {
      int offset = reader.getItem(i);
      if (offset == 0) {
        continue; // the second slot of a long or double
      }
      int tag = reader.readByte(offset - 1);
      if (tag == 1 && !packages.isEmpty()) { // CONSTANT_Utf8: a descriptor or signature naming a package's class
        if (namesPackageClass(reader, offset)
            && !typesIn(caller, utf8(reader, offset, buffer)).isEmpty()) {
          return true;
        }
        continue;
      }
      if (tag == 7 && typeRules) { // CONSTANT_Class: new, a supertype, a cast, a static access
        ResolvedRule rule = classRule(reader.readUTF8(offset, buffer));
        if (rule != null && !isLibrarySide(rule, caller)) {
          return true;
        }
        continue;
      }
      if (tag == 8 && typeRules) { // CONSTANT_String: a lookup by name
        if (matchClassName(caller, reader.readUTF8(offset, buffer)).isPresent()) {
          return true;
        }
        continue;
      }
      if (tag != 9 && tag != 10 && tag != 11) { // CONSTANT_Fieldref, CONSTANT_Methodref, CONSTANT_InterfaceMethodref
        continue;
      }
      String owner = reader.readClass(offset, buffer);
      int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
      String name = reader.readUTF8(nameAndType, buffer);
      String descriptor = reader.readUTF8(nameAndType + 2, buffer);
      if (tag == 9) {
        if (matchField(caller, Opcodes.GETFIELD, owner, name, descriptor).isPresent()
            || matchField(caller, Opcodes.GETSTATIC, owner, name, descriptor).isPresent()) {
          return true;
        }
        continue;
      }
      if (rule(owner, name, descriptor).filter(r -> !isLibrarySide(r, caller)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the {@code CONSTANT_Utf8} entry at {@code offset} (just after its tag) holds {@code L<package>/} of a package
   * rule, compared byte by byte without decoding it.
   */
  private boolean namesPackageClass(ClassReader reader, int offset) {
    int length = reader.readUnsignedShort(offset);
    int start = offset + 2;
    for (PackageRule p : packages) {
      byte[] needle = p.descriptorPrefix;
      for (int at = 0; at + needle.length <= length; at++) {
        int k = 0;
        while (k < needle.length && (byte) reader.readByte(start + at + k) == needle[k]) {
          k++;
        }
        if (k == needle.length) {
          return true;
        }
      }
    }
    return false;
  }

  /** The {@code CONSTANT_Utf8} entry at {@code offset} (just after its tag), decoded from the JVM's modified UTF-8. */
  private static String utf8(ClassReader reader, int offset, char[] buffer) {
    int length = reader.readUnsignedShort(offset);
    int at = offset + 2;
    int end = at + length;
    int n = 0;
    while (at < end) {
      int b = reader.readByte(at++);
      if ((b & 0x80) == 0) {
        buffer[n++] = (char) (b & 0x7F);
      } else if ((b & 0xE0) == 0xC0) {
        buffer[n++] = (char) (((b & 0x1F) << 6) + (reader.readByte(at++) & 0x3F));
      } else {
        buffer[n++] = (char) (((b & 0xF) << 12) + ((reader.readByte(at++) & 0x3F) << 6) + (reader.readByte(at++) & 0x3F));
      }
    }
    return new String(buffer, 0, n);
  }
}
