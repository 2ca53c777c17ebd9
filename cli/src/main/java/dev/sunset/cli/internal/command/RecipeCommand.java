package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.io.Output;
import dev.sunset.cli.internal.io.Rules;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.resolve.ReplacementMethod;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.ReplacementShape;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedRule;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import dev.sunset.rewrite.ClassMigration;
import dev.sunset.rewrite.MigrationRecipes;
import dev.sunset.rewrite.MigrationRule;
import dev.sunset.rewrite.Receiver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.objectweb.asm.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sunset recipe}: the OpenRewrite recipe that migrates the sources as the rules redirect the calls. */
@Command(name = "recipe", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes the declarative OpenRewrite recipe NAME that moves every call of a legacy method to its "
        + "replacement, for every rule that has one (the others are named on standard error and skipped). Run it "
        + "with rewrite-maven-plugin and the dev.sunset:sunset-rewrite recipes (see docs/migration.md).",
        "",
        "A class rule with an adapter class (replacement:) moves each use of a member with a counterpart there: a "
            + "method's calls to the adapter's method (the receiver first for an instance method), a constructor's "
            + "to its factory, a field's reads and writes to its getter and setter; then, if the rule names a "
            + "replacementType, every other reference to the class to that type. A method rule overrides its class's "
            + "rule for its method. The members without a counterpart are named on standard error. Class rules are "
            + "read from the classes: they need the PATHs.",
        "",
        "With PATHs (the jars and class folders holding the legacy classes, such as the application's class path), "
            + "each rule is resolved against them as the agent resolves it: a rule that does not fit them is bad "
            + "input, and the rules they ship in META-INF/sunset/rules.yaml apply too. Without, the rules are "
            + "written from their shape: a replacement that takes the receiver first replaces an instance method; "
            + "one that drops it gets the same recipe whether the legacy method is static or not."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 written, 2 bad input: missing or malformed rules, a rule that does not fit the classes "
        + "given or cannot be migrated, a bad --name, no rule with a replacement (one line on standard error), "
        + "3 Sunset failed."})
public final class RecipeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--name", paramLabel = "NAME", required = true,
      description = "The recipe's name, a dotted name such as com.acme.MigrateToService (rewrite.activeRecipes).")
  String name;

  @Option(names = "--rules", paramLabel = "FILE",
      description = "Rules file (YAML); with PATHs, in addition to the rules they ship (a rule here replaces a "
          + "shipped rule with the same id).")
  Path rules;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the recipe to FILE (such as rewrite.yml) instead of standard output.")
  Path output;

  @Option(names = "--progress", negatable = true,
      description = "With PATHs: show the scan's progress on standard error (default: when run in a terminal).")
  Boolean progress;

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Jars, class folders, Spring Boot jars or WARs holding the legacy classes.")
  List<Path> paths = new ArrayList<>();

  /**
   * A rule with what its class files say, when they were given: whether its legacy method is static, and for a class
   * rule the class and its members as resolved there, with their counterparts in the adapter (empty without PATHs).
   */
  private record Found(RuleSpec spec, Boolean legacyStatic, List<ResolvedRule> members) {}

  /** What the class rules with an adapter give the recipe, and what they leave out. */
  private record ClassRules(List<ClassMigration> migrations, List<String> lines, List<String> nothingLeft) {}

  @Override
  public Integer call() throws BadInput {
    PrintWriter err = spec.commandLine().getErr();
    if (!MigrationRecipes.isRecipeName(name)) {
      throw new BadInput("--name " + name + ": is not a dotted name such as com.acme.Migrate (a package, then the "
          + "recipe's own name)");
    }
    List<Found> found = paths.isEmpty() ? fromRulesFile() : resolved(err);

    List<MigrationRule> migrations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> withoutPaths = new ArrayList<>();
    List<Found> classRules = new ArrayList<>();
    for (Found f : found) {
      if (f.spec().hasAdapter()) {
        if (f.members().isEmpty()) {
          withoutPaths.add(f.spec().id());
        } else {
          classRules.add(f);
        }
      } else if (f.spec().hasReplacement()) {
        migrations.add(migration(f.spec(), f.legacyStatic()));
      } else {
        skipped.add(f.spec().id());
      }
    }
    ClassRules classes = classMigrations(classRules, methodRules(found));
    if (migrations.isEmpty() && classes.migrations().isEmpty()) {
      String what = rules == null ? "the rules the PATHs ship" : rules.toString();
      if (withoutPaths.isEmpty() && classRules.isEmpty()) {
        throw new BadInput(what + ": no rule has a replacement: there is nothing to migrate to");
      }
      List<String> why = new ArrayList<>();
      if (!withoutPaths.isEmpty()) {
        why.add("class rules are migrated from their classes' members, which only the PATHs holding them give ("
            + String.join(", ", withoutPaths) + ")");
      }
      if (!classes.nothingLeft().isEmpty()) {
        why.add("no member left with a counterpart to migrate to (" + String.join(", ", classes.nothingLeft()) + ")");
      }
      throw new BadInput(what + ": nothing to migrate: " + String.join("; ", why));
    }
    String yaml;
    try {
      yaml = MigrationRecipes.toYaml(name, migrations, classes.migrations());
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
    Output.write(output, yaml, spec.commandLine().getOut());
    if (!skipped.isEmpty()) {
      err.println(Printable.line("skipped, no replacement to migrate to: " + String.join(", ", skipped)));
    }
    if (!withoutPaths.isEmpty()) {
      err.println(Printable.line("skipped, class rules are migrated from their classes' members, which only the "
          + "PATHs holding them give: " + String.join(", ", withoutPaths)));
    }
    if (!classes.nothingLeft().isEmpty()) {
      err.println(Printable.line("skipped, no member left with a counterpart to migrate to: "
          + String.join(", ", classes.nothingLeft())));
    }
    for (String line : classes.lines()) {
      err.println(Printable.line(line));
    }
    int migrated = migrations.size() + classes.migrations().size();
    err.println(Printable.line("recipe " + name + ": " + Counted.of(migrated, "rule") + " migrated"
        + (output == null ? "" : ", written to " + output)));
    return ExitCode.OK.code();
  }

  /** Each legacy method a method rule in force names, {@code owner#name(descriptors)}: its class's rule leaves it. */
  private static Set<String> methodRules(List<Found> found) {
    Set<String> methods = new HashSet<>();
    for (Found f : found) {
      MemberRef legacy = f.spec().legacy();
      if (!legacy.isClass()) {
        methods.add(legacy.ownerInternalName() + "#" + legacy.name() + String.join("", legacy.parameterDescriptors()));
      }
    }
    return methods;
  }

  /**
   * The class rules' migrations: each member of the rule's class (not of its nested classes) that no method rule
   * names and that has a counterpart in the adapter, and a line naming those without.
   */
  private static ClassRules classMigrations(List<Found> classRules, Set<String> methodRules) throws BadInput {
    List<ClassMigration> migrations = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<String> nothingLeft = new ArrayList<>();
    for (Found f : classRules) {
      RuleSpec rule = f.spec();
      String owner = rule.legacy().ownerInternalName();
      String legacyClass = rule.legacy().ownerBinaryName();
      String adapter = rule.replacement().ownerBinaryName();
      List<MigrationRule> methods = new ArrayList<>();
      List<ClassMigration.Constructor> constructors = new ArrayList<>();
      List<ClassMigration.Field> fields = new ArrayList<>();
      List<String> without = new ArrayList<>();
      for (ResolvedRule resolved : f.members()) {
        LegacyMember member = resolved.legacy();
        if (!member.owner().equals(owner)) {
          continue; // a nested class's member: never redirected, so never migrated
        }
        ReplacementMethod counterpart = resolved.replacement();
        switch (member.kind()) {
          case CLASS -> { } // subclasses, lookups by name and type references have no counterpart to call
          case METHOD -> {
            if (methodRules.contains(owner + "#" + member.name() + parameters(member.descriptor()))) {
              continue; // the method rule's own
            }
            if (counterpart == null) {
              without.add(member.forPeople());
            } else {
              methods.add(classMethod(rule, member, counterpart));
            }
          }
          case CONSTRUCTOR -> {
            if (counterpart == null) {
              without.add(member.forPeople());
            } else {
              constructors.add(new ClassMigration.Constructor(javaTypes(member.descriptor()), counterpart.name()));
            }
          }
          case FIELD -> {
            ReplacementMethod setter = resolved.setter();
            boolean needsSetter = !member.isFinal();
            if (counterpart == null && setter == null) {
              without.add(member.forPeople());
            } else {
              fields.add(new ClassMigration.Field(member.name(), counterpart == null ? null : counterpart.name(),
                  setter == null ? null : setter.name()));
              if (counterpart == null) {
                without.add(member.forPeople() + " (get)");
              } else if (setter == null && needsSetter) {
                without.add(member.forPeople() + " (set)");
              }
            }
          }
        }
      }
      String replacementType = rule.replacementType() == null ? null : rule.replacementType().ownerBinaryName();
      if (methods.isEmpty() && constructors.isEmpty() && fields.isEmpty() && replacementType == null) {
        nothingLeft.add(rule.id());
      } else {
        try {
          migrations.add(new ClassMigration(legacyClass, adapter, methods, constructors, fields, replacementType));
        } catch (IllegalArgumentException e) {
          throw new BadInput(where(rule) + "cannot be migrated: " + e.getMessage());
        }
      }
      if (!without.isEmpty()) {
        lines.add("class rule '" + rule.id() + "': left as they are, no counterpart in " + adapter + ": "
            + String.join(", ", without));
      }
    }
    return new ClassRules(migrations, lines, nothingLeft);
  }

  /** A class rule's method and its counterpart: the receiver first for an instance method. */
  private static MigrationRule classMethod(RuleSpec rule, LegacyMember member, ReplacementMethod counterpart)
      throws BadInput {
    try {
      return new MigrationRule(rule.legacy().ownerBinaryName(), member.name(), javaTypes(member.descriptor()),
          member.isStatic(), rule.replacement().ownerBinaryName(), counterpart.name(),
          javaTypes(counterpart.descriptor()), counterpart.takesReceiver() ? Receiver.FIRST : Receiver.DROPPED);
    } catch (IllegalArgumentException e) {
      throw new BadInput(where(rule) + "cannot be migrated: " + e.getMessage());
    }
  }

  /** The parameter descriptors of a method descriptor, run together: {@code Ljava/lang/String;I}. */
  private static String parameters(String descriptor) {
    StringBuilder all = new StringBuilder();
    for (Type type : Type.getArgumentTypes(descriptor)) {
      all.append(type.getDescriptor());
    }
    return all.toString();
  }

  /** The parameter types of a method descriptor as rules write them. */
  private static List<String> javaTypes(String descriptor) {
    List<String> types = new ArrayList<>();
    for (Type type : Type.getArgumentTypes(descriptor)) {
      types.add(RulesReader.typeForPeople(type.getDescriptor()));
    }
    return types;
  }

  /** The rules of the {@code --rules} file alone: nothing says whether a legacy method is static. */
  private List<Found> fromRulesFile() throws BadInput {
    RulesReader.Result read = Rules.read(rules);
    if (read == null) {
      throw new BadInput("no --rules file and no PATH that ships rules: there is nothing to migrate");
    }
    List<Found> found = new ArrayList<>();
    for (RuleSpec r : read.rules()) {
      found.add(new Found(r, null, List.of()));
    }
    return found;
  }

  /**
   * The rules in force over the PATHs, each with whether its legacy method is static there. A rule with a
   * replacement that the classes refuse is bad input (one line per problem); the other problems are warnings.
   */
  private List<Found> resolved(PrintWriter err) throws BadInput {
    ScanResult result = Scans.scanWithoutWarnings(rules, paths, List.of(), progress, err);
    Set<String> refused = new LinkedHashSet<>();
    for (ScannedRule r : result.rules()) {
      if (r.resolution() == RuleResolution.REFUSED && r.spec().hasReplacement()) {
        refused.add(r.spec().id());
      }
    }
    if (!refused.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (Problem p : result.problems()) {
        if (p.kind() == Problem.Kind.RESOLUTION && refused.contains(p.ruleId())) {
          lines.add(p.describe());
        }
      }
      throw new BadInput(String.join("\n", lines));
    }
    Scans.warn(result, p -> true, err, Style.of(spec));
    List<Found> found = new ArrayList<>();
    for (ScannedRule r : result.rules()) {
      Set<Boolean> statics = new LinkedHashSet<>();
      for (ScannedRule.ResolvedIn in : r.resolvedIn()) {
        statics.add(in.legacyStatic());
      }
      if (statics.size() > 1) {
        throw new BadInput(where(r.spec()) + "the legacy method is static in some of the PATHs and not in others "
            + r.resolvedIn() + ": write a recipe for each");
      }
      if (statics.isEmpty() && r.spec().hasReplacement()) {
        err.println(Style.of(spec).warning(where(r.spec()) + "no PATH holds " + r.spec().legacy().ownerBinaryName()
            + (r.spec().hasAdapter() ? ": the class rule is skipped, its members are read from its class"
                : ": the recipe is written from the rule's shape")));
      }
      List<ResolvedRule> members = r.resolvedIn().isEmpty() ? List.of() : r.resolvedIn().get(0).members();
      for (ScannedRule.ResolvedIn in : r.resolvedIn()) {
        if (!sameMembers(members, in.members())) {
          throw new BadInput(where(r.spec()) + "the class's members or their counterparts differ between the PATHs "
              + r.resolvedIn().stream().map(ScannedRule.ResolvedIn::codeSource).toList() + ": write a recipe for each");
        }
      }
      found.add(new Found(r.spec(), statics.isEmpty() ? null : statics.iterator().next(), members));
    }
    return found;
  }

  private static boolean sameMembers(List<ResolvedRule> a, List<ResolvedRule> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameMembers(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rule as the recipe generator takes it. Whether the legacy method is static comes from its class file when
   * one was given ({@code legacyStatic}), else from the shape: a replacement that takes the receiver first replaces
   * an instance method; for one that drops the receiver the recipe is the same either way (its steps read
   * whether each call is static from the call's own types), so it is written as for an instance method.
   */
  private static MigrationRule migration(RuleSpec rule, Boolean legacyStatic) throws BadInput {
    MemberRef legacy = rule.legacy();
    MemberRef replacement = rule.replacement();
    Receiver receiver = rule.shape() == ReplacementShape.RECEIVER_FIRST ? Receiver.FIRST : Receiver.DROPPED;
    try {
      return new MigrationRule(legacy.ownerBinaryName(), legacy.name(), javaTypes(legacy),
          legacyStatic != null && legacyStatic, replacement.ownerBinaryName(), replacement.name(),
          javaTypes(replacement), receiver);
    } catch (IllegalArgumentException e) {
      throw new BadInput(where(rule) + "cannot be migrated: " + e.getMessage());
    }
  }

  private static List<String> javaTypes(MemberRef member) {
    List<String> types = new ArrayList<>();
    for (String descriptor : member.parameterDescriptors()) {
      types.add(RulesReader.typeForPeople(descriptor));
    }
    return types;
  }

  private static String where(RuleSpec rule) {
    return rule.location() + ": rule '" + rule.id() + "': ";
  }
}
