package dev.sunset.core.rules.generate;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.ClassFileCheck;
import dev.sunset.core.classfile.ClassFileLocator;
import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.resolve.Resolution;
import dev.sunset.core.resolve.RuleResolver;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.ReplacementShape;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.Stage;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.SkippedClass;
import dev.sunset.core.scan.internal.ClassSource;
import dev.sunset.core.scan.internal.Layout;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Writes a rules file from what artifacts already say is deprecated: one rule at {@code observe} for every method
 * annotated {@code @Deprecated(forRemoval = true)} (or, with {@link Builder#allDeprecated}, every deprecated method),
 * with its {@code since} in the message and, where Error Prone's {@code @InlineMe} names a static method that fits
 * (see {@link InlineMeCall}), that method as the replacement. A javadoc {@code {@link}} is not in class files, so
 * {@code @InlineMe} is the only source of replacements.
 *
 * <p>The artifacts are laid out as a scan lays them out (jars, class folders, Spring Boot jars, WARs, nested jars,
 * with the same limits), and every rule is resolved as the agent resolves it, against the class files of its own
 * scope (then those given to resolve against, then the JDK's) before it is written: a rule the agent would refuse is
 * never written. Constructors and fields, which the rules file cannot name yet, and methods whose names it does not
 * take, are listed as comments instead, and so are classes deprecated as a whole. The file is read back with
 * {@link RulesReader} before it is returned.
 *
 * <pre>{@code
 * GeneratedRules rules = RulesFromDeprecated.builder().build().generate(List.of(Path.of("lib.jar")));
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RulesFromDeprecated {
  /** Where the schema line points by default: the schema's place in Sunset's sources, as the README names it. */
  public static final String DEFAULT_SCHEMA = "docs/schemas/sunset-rules.schema.json";

  /**
   * The rules schema's pattern of a member (docs/schemas/sunset-rules.schema.json): ASCII names only, where the rules
   * reader takes any Java identifier. A rule is written only when both take it.
   */
  private static final Pattern SCHEMA_MEMBER = Pattern.compile(
      "^\\s*[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*#[A-Za-z_$][\\w$]*\\(\\s*([^,()<>]+(,[^,()<>]+)*)?\\)\\s*$");
  /** The rules schema's pattern of a class, as the legacy of a class rule. */
  private static final Pattern SCHEMA_CLASS = Pattern.compile("^\\s*[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+\\s*$");
  private static final Pattern NOT_IN_ID = Pattern.compile("[^A-Za-z0-9._-]");
  private static final RuleSource SOURCE = new RuleSource("generated rules", Path.of("."), RuleSource.Kind.USER);
  private static final ClassFileLocator JDK = ClassFileLocator.of(ClassLoader.getPlatformClassLoader());

  /** Configures a generator. */
  public static final class Builder {
    private boolean allDeprecated;
    private List<Path> classPath = List.of();
    private String schema = DEFAULT_SCHEMA;

    private Builder() {}

    /** Every deprecated method, not only those deprecated for removal. */
    public Builder allDeprecated(boolean all) {
      this.allDeprecated = all;
      return this;
    }

    /** Jars and folders to resolve replacements against, after each scope's own (a replacement's library). */
    public Builder classPath(List<Path> paths) {
      this.classPath = List.copyOf(paths);
      return this;
    }

    /**
     * Where the file's {@code yaml-language-server} line points (a path or URL of the rules schema).
     *
     * @throws IllegalArgumentException when it is empty or holds a character that cannot stand in a comment line
     */
    public Builder schema(String location) {
      if (location == null || location.isBlank() || Printable.needsEscaping(location)
          || !YamlText.comment(location).equals(location) || location.contains(" ")) {
        throw new IllegalArgumentException("is not a path or URL of one line without spaces");
      }
      this.schema = location;
      return this;
    }

    /** The generator. */
    public RulesFromDeprecated build() {
      return new RulesFromDeprecated(this);
    }
  }

  private final boolean allDeprecated;
  private final List<Path> classPath;
  private final String schema;

  private RulesFromDeprecated(Builder b) {
    this.allDeprecated = b.allDeprecated;
    this.classPath = b.classPath;
    this.schema = b.schema;
  }

  /** A builder of generators. */
  public static Builder builder() {
    return new Builder();
  }

  /** A method that becomes a rule, before its id is given. */
  private record Candidate(DeprecatedMember member, RuleSpec spec, String inlineMe, String notUsed) {}

  /**
   * The rules file for the artifacts at {@code paths}, each labelled as given.
   *
   * @throws ArtifactException naming the first path (or class path entry) that is missing, unreadable or not an
   *     artifact
   */
  public GeneratedRules generate(List<Path> paths) throws ArtifactException {
    List<Candidate> candidates = new ArrayList<>();
    List<GeneratedRules.Listed> notExpressible = new ArrayList<>();
    List<GeneratedRules.Listed> classes = new ArrayList<>();
    List<SkippedClass> skipped = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int[] notSelected = {0};
    long[] classesRead = {0};
    try (Layout layout = Layout.of(paths, classPath)) {
      skipped.addAll(layout.skipped());
      for (Layout.Scope scope : layout.scopes()) {
        ClassHierarchy hierarchy = new ClassHierarchy(name -> find(scope, name));
        for (ClassSource source : scope.sources()) {
          List<DeprecatedMember> members = new ArrayList<>();
          try {
            source.forEachClass(new ClassSource.ClassFileHandler() {
              @Override
              public void handle(String internalName, String entry, byte[] bytes) {
                classesRead[0]++;
                if (!DeprecatedMemberReader.mayHoldDeprecated(bytes)) {
                  return;
                }
                Optional<String> problem = ClassFileCheck.problem(bytes);
                if (problem.isPresent()) {
                  skipped.add(new SkippedClass(source.location(entry), "the JVM would refuse it: " + problem.get()));
                  return;
                }
                try {
                  members.addAll(DeprecatedMemberReader.read(bytes, source.codeSource()));
                } catch (RuntimeException e) {
                  skipped.add(new SkippedClass(source.location(entry), "cannot be parsed: " + e));
                }
              }

              @Override
              public void tooLarge(String entry) {
                classesRead[0]++;
                skipped.add(new SkippedClass(source.location(entry), ClassSource.tooLargeReason("a class file")));
              }
            });
          } catch (IOException | UncheckedIOException e) {
            throw new ArtifactException(source.codeSource(), "cannot be read: " + e.getMessage());
          }
          for (DeprecatedMember m : members) {
            if (!seen.add(m.kind() + " " + m.owner() + " " + m.name() + m.descriptor())) {
              continue; // the same class in two jars or scopes: the first is the one a class loader would define
            }
            if (!allDeprecated && !m.forRemoval()) {
              if (m.kind() != DeprecatedMember.Kind.CLASS) {
                notSelected[0]++;
              }
              continue;
            }
            consider(m, hierarchy, candidates, notExpressible, classes);
          }
        }
      }
    }
    List<GeneratedRules.Rule> rules = withIds(candidates);
    notExpressible.sort(Comparator.comparing(GeneratedRules.Listed::kind).thenComparing(GeneratedRules.Listed::member));
    classes.sort(Comparator.comparing(GeneratedRules.Listed::member));
    GeneratedRules draft = new GeneratedRules("", rules, notExpressible, classes, notSelected[0], classesRead[0],
        skipped);
    String text = text(paths, draft);
    readBack(text, rules.size());
    return new GeneratedRules(text, rules, notExpressible, classes, notSelected[0], classesRead[0], skipped);
  }

  private static Optional<ClassFileLocator.ClassFile> find(Layout.Scope scope, String internalName) throws IOException {
    for (ClassSource source : scope.everySource()) {
      Optional<byte[]> bytes = source.classFile(internalName);
      if (bytes.isPresent()) {
        return Optional.of(new ClassFileLocator.ClassFile(bytes.get(), source.codeSource()));
      }
    }
    return JDK.find(internalName);
  }

  private static void consider(DeprecatedMember m, ClassHierarchy hierarchy, List<Candidate> candidates,
      List<GeneratedRules.Listed> notExpressible, List<GeneratedRules.Listed> classes) {
    String deprecation = deprecation(m);
    switch (m.kind()) {
      case CLASS -> wholeClass(m, deprecation, hierarchy, candidates, classes);
      case CONSTRUCTOR -> notExpressible.add(new GeneratedRules.Listed(m.kind(), m.ownerBinaryName()
          + RulesReader.paramsForPeople(parameters(m)), deprecation, "a rule names a constructor only through a class "
          + "rule, which covers the whole class"));
      case FIELD -> notExpressible.add(new GeneratedRules.Listed(m.kind(), m.ownerBinaryName() + "." + m.name() + " ("
          + RulesReader.typeForPeople(m.descriptor()) + ")", deprecation, "a rule names a field only through a class "
          + "rule, which covers the whole class"));
      case METHOD -> method(m, deprecation, hierarchy, candidates, notExpressible);
      default -> throw new IllegalStateException(m.kind().toString());
    }
  }

  /**
   * A class deprecated as a whole: a class rule, which covers every use of it (calls, {@code new}, fields,
   * subclasses); listed as a comment instead when a rule cannot name it or the agent would refuse it.
   */
  private static void wholeClass(DeprecatedMember m, String deprecation, ClassHierarchy hierarchy,
      List<Candidate> candidates, List<GeneratedRules.Listed> classes) {
    String text = m.ownerBinaryName();
    MemberRef legacy;
    try {
      legacy = MemberRef.parse(text);
    } catch (IllegalArgumentException e) {
      classes.add(new GeneratedRules.Listed(m.kind(), text, deprecation, "the rules file cannot name it: "
          + e.getMessage()));
      return;
    }
    if (!SCHEMA_CLASS.matcher(text).matches()) {
      classes.add(new GeneratedRules.Listed(m.kind(), text, deprecation, "the rules file's schema names classes with "
          + "ASCII names only"));
      return;
    }
    RuleSpec spec = spec(legacy, null, null, message(m, null));
    if (!(RuleResolver.resolve(spec, hierarchy) instanceof Resolution.Resolved)) {
      classes.add(new GeneratedRules.Listed(m.kind(), text, deprecation, "the agent would refuse it"));
      return;
    }
    candidates.add(new Candidate(m, spec, null, null));
  }

  private static void method(DeprecatedMember m, String deprecation, ClassHierarchy hierarchy,
      List<Candidate> candidates, List<GeneratedRules.Listed> notExpressible) {
    String text = m.ownerBinaryName() + "#" + m.name() + RulesReader.paramsForPeople(parameters(m));
    MemberRef legacy;
    try {
      legacy = MemberRef.parse(text);
    } catch (IllegalArgumentException e) {
      notExpressible.add(new GeneratedRules.Listed(m.kind(), text, deprecation, "the rules file cannot name it: "
          + e.getMessage()));
      return;
    }
    if (!SCHEMA_MEMBER.matcher(text).matches()) {
      notExpressible.add(new GeneratedRules.Listed(m.kind(), text, deprecation, "the rules file's schema names "
          + "members with ASCII names only"));
      return;
    }
    RuleSpec alone = spec(legacy, null, null, message(m, null));
    Resolution resolution = RuleResolver.resolve(alone, hierarchy);
    if (!(resolution instanceof Resolution.Resolved)) {
      String why = resolution instanceof Resolution.Refused r ? r.message() : "its class cannot be found";
      notExpressible.add(new GeneratedRules.Listed(m.kind(), text, deprecation, "the agent would refuse it: " + why));
      return;
    }
    if (m.inlineMe() == null) {
      candidates.add(new Candidate(m, alone, null, null));
      return;
    }
    InlineMeCall.Outcome outcome = InlineMeCall.infer(m, alone, hierarchy, ref -> spec(legacy, ref,
        ReplacementShape.of(legacy, ref), message(m, ref)));
    if (outcome instanceof InlineMeCall.Used used) {
      candidates.add(new Candidate(m, spec(legacy, used.replacement(), used.shape(), message(m, used.replacement())),
          m.inlineMe().replacement(), null));
    } else {
      candidates.add(new Candidate(m, alone, m.inlineMe().replacement(), ((InlineMeCall.NotUsed) outcome).why()));
    }
  }

  private static RuleSpec spec(MemberRef legacy, MemberRef replacement, ReplacementShape shape, String message) {
    return new RuleSpec("generated", SOURCE, 0, legacy, replacement, shape, Stage.OBSERVE, message, List.of(), null,
        Map.of());
  }

  private static List<String> parameters(DeprecatedMember m) {
    List<String> params = new ArrayList<>();
    for (org.objectweb.asm.Type t : org.objectweb.asm.Type.getArgumentTypes(m.descriptor())) {
      params.add(t.getDescriptor());
    }
    return params;
  }

  /** {@code deprecated for removal since 7.0}, {@code deprecated}. */
  private static String deprecation(DeprecatedMember m) {
    return (m.forRemoval() ? "deprecated for removal" : "deprecated") + since(m)
        + (m.annotated() ? "" : " (javadoc tag only)");
  }

  private static String since(DeprecatedMember m) {
    return m.since() == null || m.since().isBlank() ? "" : " since " + m.since().strip();
  }

  /** The rule's message: how it is deprecated, since when, and its replacement. */
  private static String message(DeprecatedMember m, MemberRef replacement) {
    return (m.forRemoval() ? "Deprecated for removal" : "Deprecated") + since(m)
        + (replacement == null ? "" : "; use " + replacement.forPeople());
  }

  /**
   * Each rule's id, from its member alone: {@code com.acme.Owner.method-String-int} (the owner, the name and the
   * parameters' simple names, any character an id cannot hold as {@code _}). Members whose ids would be the same
   * (overloads differing only in packages, names differing only in characters an id cannot hold) each get the first
   * eight hex digits of the SHA-256 of their legacy text after it.
   */
  private static List<GeneratedRules.Rule> withIds(List<Candidate> candidates) {
    candidates.sort(Comparator.comparing((Candidate c) -> c.spec().legacy().ownerBinaryName())
        .thenComparing(c -> c.spec().legacy().name()).thenComparing(c -> c.spec().legacyText()));
    Map<String, Integer> uses = new HashMap<>();
    for (Candidate c : candidates) {
      uses.merge(readableId(c.spec().legacy()), 1, Integer::sum);
    }
    List<GeneratedRules.Rule> rules = new ArrayList<>();
    for (Candidate c : candidates) {
      String id = readableId(c.spec().legacy());
      if (uses.get(id) > 1) {
        id = id + "-" + digest(c.spec().legacyText());
      }
      rules.add(new GeneratedRules.Rule(id, c.spec().legacyText(), c.spec().replacementText(), c.spec().message(),
          c.inlineMe(), c.notUsed()));
    }
    return rules;
  }

  static String readableId(MemberRef legacy) {
    StringBuilder sb = new StringBuilder(legacy.ownerBinaryName().replace('$', '.'));
    if (!legacy.isClass()) {
      sb.append('.').append(legacy.name());
    }
    for (String d : legacy.parameterDescriptors()) {
      String type = RulesReader.typeForPeople(d);
      String simple = type.substring(type.lastIndexOf('.') + 1).replace('$', '.').replace("[]", "Array");
      sb.append('-').append(simple);
    }
    String id = NOT_IN_ID.matcher(sb).replaceAll("_");
    return Character.isLetterOrDigit(id.charAt(0)) && id.charAt(0) < 0x80 ? id : "m" + id;
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private String text(List<Path> paths, GeneratedRules g) {
    StringBuilder sb = new StringBuilder();
    sb.append("# yaml-language-server: $schema=").append(schema).append('\n');
    List<String> labels = new ArrayList<>();
    for (Path p : paths) {
      labels.add(p.toString());
    }
    comment(sb, "", "Written by sunset rules --from-deprecated from " + String.join(", ", labels) + ": a rule at "
        + "stage observe for every method and class " + (allDeprecated ? "annotated @Deprecated (or with the javadoc tag)"
        : "annotated @Deprecated(forRemoval = true)") + " (a class rule covers every use of its class).");
    comment(sb, "", g.summary() + ".");
    comment(sb, "", "Replacements come only from Error Prone's @InlineMe (a javadoc {@link} is not in class files); "
        + "each one inferred is marked below.");
    if (g.rules().isEmpty()) {
      sb.append("rules: []\n");
    } else {
      sb.append("rules:\n");
    }
    for (GeneratedRules.Rule r : g.rules()) {
      sb.append("  - id: ").append(YamlText.scalar(r.id())).append('\n');
      sb.append("    legacy: ").append(YamlText.scalar(r.legacy())).append('\n');
      if (r.inferred()) {
        comment(sb, "    ", "replacement inferred from @InlineMe(replacement = \"" + r.inlineMe() + "\")");
        sb.append("    replacement: ").append(YamlText.scalar(r.replacement())).append('\n');
      } else if (r.inlineMe() != null) {
        comment(sb, "    ", "@InlineMe(replacement = \"" + r.inlineMe() + "\") not used: " + r.inlineMeNotUsed());
      }
      sb.append("    stage: observe\n");
      sb.append("    message: ").append(YamlText.scalar(r.message())).append('\n');
    }
    if (!g.notExpressible().isEmpty()) {
      sb.append('\n');
      comment(sb, "", "Not yet expressible as rules (" + Counted.of(g.notExpressible().size(), "member") + "):");
      for (GeneratedRules.Listed l : g.notExpressible()) {
        comment(sb, "", "  " + l.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + l.member() + ": "
            + l.deprecation() + "; " + l.why());
      }
    }
    if (!g.classes().isEmpty()) {
      sb.append('\n');
      comment(sb, "", "Deprecated as a whole, but no class rule can name them (" + Counted.of(g.classes().size(),
          "class", "classes") + "; each of their members is a rule only where it is deprecated itself):");
      for (GeneratedRules.Listed l : g.classes()) {
        comment(sb, "", "  " + l.member() + ": " + l.deprecation() + "; " + l.why());
      }
    }
    return sb.toString();
  }

  private static void comment(StringBuilder sb, String indent, String text) {
    sb.append(indent).append("# ").append(YamlText.comment(text)).append('\n');
  }

  /** The file as the agent reads it: any problem is a bug here, never the artifacts' doing. */
  private static void readBack(String text, int expected) {
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(SOURCE, text);
    if (!read.problems().isEmpty() || read.rules().size() != expected) {
      throw new IllegalStateException("the rules written do not read back: " + (read.problems().isEmpty()
          ? read.rules().size() + " of " + expected + " rules" : read.problems().get(0).describe()));
    }
  }
}
