package dev.sunset.core.scan.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.ClassFileCheck;
import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ConstantPoolScan;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.match.LegacyCallMatcher;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.resolve.Resolution;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.resolve.RuleResolver;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSet;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.ScannedSite;
import dev.sunset.core.scan.SkippedClass;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.objectweb.asm.ClassReader;

/**
 * One scope of a scan, in three steps: the rules shipped in its jars are read and merged with the user's;
 * the rules are resolved against its class files (then those of the jars and folders it reads only to resolve
 * against, then the JDK's through {@code jrt:}); then each class file of its own jars and folders is checked with a
 * constant-pool walk, and only those naming a legacy class or method are parsed.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ScopeScan {
  /** Counters shared by every scope of a scan. */
  public record Counters(AtomicLong classes, AtomicLong namingLegacy, AtomicLong parsed, AtomicLong bytes) {
    /** Counters at zero. */
    public Counters() {
      this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong());
    }
  }

  private static final ClassFileLocator JDK = ClassFileLocator.of(ClassLoader.getPlatformClassLoader());

  private final Layout.Scope scope;
  private final RuleSet rules;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, ResolvedRule> resolved = new LinkedHashMap<>();
  private final Map<String, List<ResolvedRule>> classMembers = new LinkedHashMap<>();
  private final List<ResolvedRule> members = new ArrayList<>();
  private final Map<String, RuleResolution> outcome = new LinkedHashMap<>();
  private final Map<String, String> refusals = new LinkedHashMap<>();
  private final ClassHierarchy hierarchy;
  private final LegacyCallMatcher matcher;
  private final ConstantPoolScan names;
  /** The class rules' classes inside descriptors and signatures: a class naming one only there is a type reference. */
  private final ConstantPoolScan typesInDescriptors;

  /**
   * Reads the shipped rules of {@code scope}, merges them with the user's rules and resolves them.
   *
   * @param userRules the user's rules file, or null
   */
  public ScopeScan(Layout.Scope scope, RulesReader.Result userRules) throws IOException {
    this.scope = scope;
    RulesReader reader = new RulesReader(RecordedSites::check);
    List<RulesReader.Result> files = new ArrayList<>();
    if (userRules != null) {
      files.add(new RulesReader.Result(userRules.rules(), List.of())); // its problems are the caller's
    }
    // the jars read only to resolve against are on the class loader's path too: the agent would apply their rules
    for (ClassSource source : scope.everySource()) {
      Optional<byte[]> shipped = source.resource(RuleSource.SHIPPED_RULES);
      if (shipped.isPresent()) {
        files.add(reader.read(RuleSource.shipped(source.codeSource() + "!/" + RuleSource.SHIPPED_RULES),
            new String(shipped.get(), StandardCharsets.UTF_8)));
      }
    }
    this.rules = RuleSet.merge(files);
    problems.addAll(rules.problems());
    this.hierarchy = new ClassHierarchy(this::find);
    List<RuleSpec> packageRules = new ArrayList<>();
    for (RuleSpec spec : rules.rules()) {
      Resolution resolution;
      if (spec.legacy().isPackage()) {
        resolution = RuleResolver.resolvePackage(spec, hierarchy, classesOf(spec));
        if (resolution instanceof Resolution.Resolved) {
          packageRules.add(spec); // its classes found beyond the list (past its limit) are found by the matcher
        }
      } else {
        resolution = RuleResolver.resolve(spec, hierarchy);
      }
      if (resolution instanceof Resolution.Resolved ok) {
        resolved.put(spec.id(), ok.rule());
        if (spec.legacy().isClass()) {
          classMembers.put(spec.id(), ok.members());
        }
        members.addAll(ok.members());
        outcome.put(spec.id(), RuleResolution.RESOLVED);
      } else if (resolution instanceof Resolution.Refused refused) {
        outcome.put(spec.id(), RuleResolution.REFUSED);
        refusals.put(spec.id(), refused.message());
        problems.add(Problem.resolution(spec, scope.name(), refused.message()));
      } else {
        outcome.put(spec.id(), RuleResolution.UNRESOLVED);
      }
    }
    this.matcher = new LegacyCallMatcher(members, packageRules, hierarchy, new LegacyCallMatcher.PackageListener() {
      @Override
      public void classFound(RuleSpec rule, String internalName, String location) {}

      @Override
      public void limitReached(RuleSpec rule, String internalName, int limit) {
        synchronized (problems) {
          problems.add(Problem.resolution(rule, scope.name(), RuleResolver.tooManyClasses(rule, internalName, limit)));
        }
      }
    });
    this.names = new ConstantPoolScan(matcher.scanNames(), matcher.classRuleOwners(), matcher.packages());
    this.typesInDescriptors = new ConstantPoolScan(List.of(), matcher.classRuleOwners(), List.of());
  }

  /**
   * The classes of a package rule's package in the scope's jars and folders (those read to resolve against too), or,
   * when none holds one, in the JDK's modules (through {@code jrt:}, as the JDK's classes are resolved).
   */
  private Set<String> classesOf(RuleSpec packageRule) throws IOException {
    String pkg = packageRule.legacy().ownerInternalName();
    Set<String> classes = new LinkedHashSet<>();
    for (ClassSource source : scope.everySource()) {
      classes.addAll(source.classesOf(pkg));
    }
    return classes.isEmpty() ? jdkClassesOf(pkg) : classes;
  }

  /** The classes of a package of the JDK's modules, listed through {@code jrt:/packages}; none when it has none. */
  private static Set<String> jdkClassesOf(String pkg) {
    Set<String> classes = new LinkedHashSet<>();
    try {
      FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
      Path modules = jrt.getPath("/packages", pkg.replace('/', '.'));
      if (!Files.isDirectory(modules)) {
        return classes;
      }
      try (DirectoryStream<Path> inModules = Files.newDirectoryStream(modules)) {
        for (Path module : inModules) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(jrt.getPath("/modules",
              module.getFileName().toString(), pkg))) {
            for (Path file : files) {
              String name = file.getFileName().toString();
              if (ClassSource.isClassEntry(pkg + "/" + name)) {
                classes.add(pkg + "/" + name.substring(0, name.length() - ".class".length()));
              }
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Set.of(); // no jrt: file system: the package is looked for in the scanned artifacts only
    }
    return classes;
  }

  private Optional<ClassFileLocator.ClassFile> find(String internalName) throws IOException {
    for (ClassSource source : scope.everySource()) {
      Optional<byte[]> bytes = source.classFile(internalName);
      if (bytes.isPresent()) {
        return Optional.of(new ClassFileLocator.ClassFile(bytes.get(), source.codeSource()));
      }
    }
    return JDK.find(internalName);
  }

  /** The scope's name. */
  public String name() {
    return scope.name();
  }

  /** Its jars and folders, whose classes are scanned. */
  public List<ClassSource> sources() {
    return scope.sources();
  }

  /** The jars and folders it reads only to resolve rules against. */
  public List<ClassSource> resolutionOnly() {
    return scope.resolutionOnly();
  }

  /** The rules in force in this scope. */
  public RuleSet rules() {
    return rules;
  }

  /** How far each rule in force got in this scope, by id. */
  public Map<String, RuleResolution> outcome() {
    return outcome;
  }

  /** Why each rule refused here was refused, by id. */
  public Map<String, String> refusals() {
    return refusals;
  }

  /** The rules that resolved here, by id. */
  public Map<String, ResolvedRule> resolved() {
    return resolved;
  }

  /** For each class rule that resolved here, by id, the class and the members it covers, as resolved here. */
  public Map<String, List<ResolvedRule>> classMembers() {
    return classMembers;
  }

  /** Problems of the shipped rules files, of merging them and of resolving the rules here. */
  public List<Problem> problems() {
    return problems;
  }

  /** Whether no rule resolved here: no class file needs to be read. */
  public boolean hasNothingToFind() {
    return resolved.isEmpty();
  }

  /** The sites in one of this scope's jars or folders; class files that cannot be read go to {@code skipped}. */
  public List<ScannedSite> scan(ClassSource source, Counters counters, List<SkippedClass> skipped)
      throws IOException {
    List<ScannedSite> sites = new ArrayList<>();
    source.forEachClass(new ClassSource.ClassFileHandler() {
      @Override
      public void tooLarge(String entry) {
        counters.classes().incrementAndGet();
        skipped.add(new SkippedClass(source.location(entry), ClassSource.tooLargeReason("a class file")));
      }

      @Override
      public void handle(String internalName, String entry, byte[] bytes) {
        scanOne(source, counters, skipped, sites, entry, bytes);
      }
    });
    return sites;
  }

  private void scanOne(ClassSource source, Counters counters, List<SkippedClass> skipped, List<ScannedSite> sites,
      String entry, byte[] bytes) {
    counters.classes().incrementAndGet();
    counters.bytes().addAndGet(bytes.length);
    if (!names.mentionsAny(bytes)) {
      return;
    }
    counters.namingLegacy().incrementAndGet();
    Optional<String> problem = ClassFileCheck.problem(bytes);
    if (problem.isPresent()) {
      skipped.add(new SkippedClass(source.location(entry), "the JVM would refuse it: " + problem.get()));
      return;
    }
    try {
      ClassReader reader = new ClassReader(bytes);
      if (!matcher.mayCall(reader) && !typesInDescriptors.mentionsAny(bytes)) {
        return; // also the legacy library's own calls of its rules (LegacyCallMatcher.isLibrarySide)
      }
      counters.parsed().incrementAndGet();
      SiteCollector collector = new SiteCollector(matcher, source.codeSource());
      reader.accept(collector, ClassReader.SKIP_FRAMES);
      sites.addAll(collector.sites());
    } catch (RuntimeException e) {
      skipped.add(new SkippedClass(source.location(entry), "cannot be parsed: " + e));
    }
  }
}
