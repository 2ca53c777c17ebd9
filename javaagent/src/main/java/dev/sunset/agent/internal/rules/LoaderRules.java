package dev.sunset.agent.internal.rules;

import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import dev.sunset.core.match.LegacyCallMatcher;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.resolve.Resolution;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.resolve.RuleResolver;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSet;
import dev.sunset.core.rules.RuleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules in force for the classes one class loader defines: the user's rules and the rules shipped in
 * the jars that loader sees, resolved against that loader's class files the first time one of its classes
 * may call a legacy method. A rule that does not fit this loader's classes is reported once, naming the
 * loader, and stays in force for other loaders.
 *
 * <p>It holds its loader weakly, so that a web application that is undeployed can be collected.
 */
public final class LoaderRules {
  /** What a resolution gives the rewriter and the linker. */
  /**
   * A loader's rules resolved: by rule id, each rule's members by their key (one for a method rule; the class and each
   * member it declares for a class rule).
   */
  private record Resolved(Map<String, Map<String, ResolvedRule>> byId, LegacyCallMatcher matcher,
      Set<String> replacementClasses, boolean redirectsConstructions) {}

  private final RulesInForce all;
  private final String name;
  private final WeakReference<ClassLoader> loader;
  private final List<String> shippedUrls;
  private final ClassHierarchy hierarchy;
  private volatile List<RuleFile> files;
  private volatile RuleSet merged;
  private volatile Resolved resolved;

  LoaderRules(RulesInForce all, ClassLoader loader, List<String> shippedUrls, List<RuleFile> files) {
    this.all = all;
    this.name = describe(loader);
    this.loader = new WeakReference<>(loader);
    this.shippedUrls = List.copyOf(shippedUrls);
    this.hierarchy = new ClassHierarchy(new Locator(this.loader));
    this.files = List.copyOf(files);
  }

  /** This loader's class files, read as resources; held weakly like the loader. */
  private static final class Locator implements ClassFileLocator {
    private final WeakReference<ClassLoader> loader;

    Locator(WeakReference<ClassLoader> loader) {
      this.loader = loader;
    }

    @Override
    public Optional<ClassFile> find(String internalName) throws IOException {
      return LoaderRules.find(loader, internalName);
    }
  }

  private static Optional<ClassFileLocator.ClassFile> find(WeakReference<ClassLoader> loader, String internalName)
      throws IOException {
    ClassLoader l = loader.get();
    if (l == null) {
      return Optional.empty();
    }
    String resource = internalName + ".class";
    URL url = l.getResource(resource);
    if (url == null) {
      return Optional.empty();
    }
    try (InputStream in = url.openStream()) {
      return Optional.of(new ClassFileLocator.ClassFile(InputFile.readAtMost(in, Limits.CLASS_FILE_BYTES,
          "a class file"),
          ClassFileLocator.containerOf(url.toString(), resource)));
    }
  }

  /**
   * A class loader as messages and the report name it, in the JDK's own notation: {@code app} and
   * {@code platform} by name, any other loader by its name or class and its identity ({@code 'plugin' @2530c12},
   * {@code java.net.URLClassLoader @3b2cf7ab}), so that two web apps' loaders of one name are told apart.
   */
  public static String describe(ClassLoader loader) {
    if (loader == null) {
      return "bootstrap";
    }
    String n = loader.getName();
    if ("app".equals(n) || "platform".equals(n)) {
      return n;
    }
    String id = Integer.toHexString(System.identityHashCode(loader));
    return n != null && !n.isEmpty() ? "'" + n + "' @" + id : loader.getClass().getName() + " @" + id;
  }

  void setFiles(List<RuleFile> next) {
    this.files = List.copyOf(next);
    this.merged = null;
    this.resolved = null;
  }

  private RuleSet merged() {
    RuleSet m = merged;
    if (m == null) {
      synchronized (this) {
        m = merged;
        if (m == null) {
          m = all.merged(files);
          merged = m;
        }
      }
    }
    return m;
  }

  /** Whether these are the rules of {@code other}'s classes. */
  public boolean isFor(ClassLoader other) {
    return loader.get() == other;
  }

  /** The loader's name, as messages name it. */
  public String name() {
    return name;
  }

  /** The shipped rules files this loader sees. */
  List<String> shippedUrls() {
    return shippedUrls;
  }

  /** The rules in force for this loader, unresolved (parsing the files if need be). */
  public RuleSet rules() {
    return merged();
  }

  /** Whether no rules file applies to this loader's classes: then none of them can be rewritten. Parses nothing. */
  public boolean hasNoRuleFiles() {
    return files.isEmpty();
  }

  /** Whether no rule applies to this loader's classes (parsing the files if need be). */
  public boolean isEmpty() {
    return rules().isEmpty();
  }

  /** The class files of this loader, as a hierarchy. */
  public ClassHierarchy hierarchy() {
    return hierarchy;
  }

  /** The matcher of legacy calls for this loader's classes, resolving the rules on first use. */
  public LegacyCallMatcher matcher() {
    return resolved().matcher();
  }

  /**
   * Whether a class (binary name) is the replacement class of a rule that resolved in this loader. Its calls of
   * other rules' legacy methods are call sites like any other, but are never redirected: two replacements that each
   * still call the other's legacy method would otherwise call each other forever, where without the agent each
   * legacy call runs and ends.
   */
  public boolean isReplacementClass(String binaryName) {
    return resolved().replacementClasses().contains(binaryName);
  }

  /** Whether a class rule that resolved here has a counterpart for a constructor: only then can a {@code new} go. */
  public boolean redirectsConstructions() {
    return resolved().redirectsConstructions();
  }

  /** Every rule that resolved in this loader, once for each legacy member it covers. */
  public List<ResolvedRule> resolvedRules() {
    List<ResolvedRule> all = new ArrayList<>();
    for (Map<String, ResolvedRule> members : resolved().byId().values()) {
      all.addAll(members.values());
    }
    return all;
  }

  /** The members the rule in force with this id covers in this loader (none when it did not resolve here). */
  public List<ResolvedRule> members(String ruleId) {
    Map<String, ResolvedRule> members = resolved().byId().get(ruleId);
    return members == null ? List.of() : List.copyOf(members.values());
  }

  /**
   * The rule in force with this id as it resolves in this loader for the legacy member with this key
   * ({@link dev.sunset.core.resolve.LegacyMember#key()}), or null when the rule is gone or no longer covers it.
   */
  public ResolvedRule resolved(String ruleId, String memberKey) {
    Resolved r = resolved();
    Map<String, ResolvedRule> members = r.byId().get(ruleId);
    // a package rule's members are resolved class by class, as they are met
    return members != null ? members.get(memberKey) : r.matcher().packageMember(ruleId, memberKey);
  }

  private Resolved resolved() {
    Resolved r = resolved;
    if (r == null) {
      synchronized (this) {
        r = resolved;
        if (r == null) {
          r = resolve(rules());
          resolved = r;
        }
      }
    }
    return r;
  }

  /**
   * Records where a package rule resolved as its classes are found in this loader (the first makes it resolved here),
   * and says once when it reaches its limit of classes.
   */
  private LegacyCallMatcher.PackageListener packageListener() {
    return new LegacyCallMatcher.PackageListener() {
      @Override
      public void classFound(RuleSpec rule, String internalName, String location) {
        all.resolutions().resolvedIn(rule, name, location, List.of()); // no adapter: nothing without a counterpart
      }

      @Override
      public void limitReached(RuleSpec rule, String internalName, int limit) {
        all.problems().report(Problem.resolution(rule, "class loader " + name,
            RuleResolver.tooManyClasses(rule, internalName, limit)));
      }
    };
  }

  private Resolved resolve(RuleSet basis) {
    Map<String, Map<String, ResolvedRule>> byId = new LinkedHashMap<>();
    List<ResolvedRule> members = new ArrayList<>();
    List<RuleSpec> packageRules = new ArrayList<>();
    for (RuleSpec spec : basis.rules()) {
      if (spec.legacy().isPackage()) {
        packageRules.add(spec); // a loader cannot list a package: its classes are resolved as classes name them
        continue;
      }
      Resolution resolution = RuleResolver.resolve(spec, hierarchy);
      if (resolution instanceof Resolution.Resolved ok) {
        Map<String, ResolvedRule> byKey = new LinkedHashMap<>();
        for (ResolvedRule m : ok.members()) {
          byKey.put(m.legacy().key(), m);
        }
        byId.put(spec.id(), byKey);
        members.addAll(ok.members());
        all.resolutions().resolvedIn(spec, name, ok.legacyLocation(), ok.withoutCounterpart());
      } else if (resolution instanceof Resolution.Refused refused) {
        all.resolutions().refusedIn(spec, Problem.resolution(spec, "class loader " + name, refused.message()));
      } // OwnerMissing: this loader does not have the legacy library
    }
    Set<String> replacements = new HashSet<>();
    boolean constructions = false;
    for (ResolvedRule r : members) {
      if (r.replacement() != null) {
        replacements.add(r.replacement().owner().replace('/', '.'));
      }
      if (r.spec().hasAdapter()) {
        replacements.add(r.spec().replacement().ownerBinaryName()); // whether or not any member has a counterpart
      }
      constructions |= r.legacy().kind() == LegacyMember.Kind.CONSTRUCTOR && r.hasReplacement();
    }
    LegacyCallMatcher matcher = new LegacyCallMatcher(members, packageRules, hierarchy, packageListener());
    if (matcher.hasClassRules()) {
      all.widenNames(matcher.scanNames());
    }
    return new Resolved(byId, matcher, Set.copyOf(replacements), constructions);
  }
}
