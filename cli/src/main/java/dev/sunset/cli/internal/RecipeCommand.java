package dev.sunset.cli.internal;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.ReplacementShape;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedRule;
import dev.sunset.core.text.Printable;
import dev.sunset.core.text.Counted;
import dev.sunset.rewrite.MigrationRecipes;
import dev.sunset.rewrite.MigrationRule;
import dev.sunset.rewrite.Receiver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
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

  /** A rule with what its class files say about its legacy method, when they were given. */
  private record Found(RuleSpec spec, Boolean legacyStatic) {}

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
    for (Found f : found) {
      if (f.spec().hasReplacement() && !f.spec().legacy().isClass()) { // a class rule's adapter is no method to call
        migrations.add(migration(f.spec(), f.legacyStatic()));
      } else {
        skipped.add(f.spec().id());
      }
    }
    if (migrations.isEmpty()) {
      throw new BadInput((rules == null ? "the rules the PATHs ship" : rules.toString())
          + ": no rule has a replacement: there is nothing to migrate to");
    }
    String yaml;
    try {
      yaml = MigrationRecipes.toYaml(name, migrations);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
    Output.write(output, yaml, spec.commandLine().getOut());
    if (!skipped.isEmpty()) {
      err.println(Printable.line("skipped, no replacement to migrate to: " + String.join(", ", skipped)));
    }
    err.println(Printable.line("recipe " + name + ": " + Counted.of(migrations.size(), "rule") + " migrated"
        + (output == null ? "" : ", written to " + output)));
    return ExitCode.OK.code();
  }

  /** The rules of the {@code --rules} file alone: nothing says whether a legacy method is static. */
  private List<Found> fromRulesFile() throws BadInput {
    RulesReader.Result read = Rules.read(rules);
    if (read == null) {
      throw new BadInput("no --rules file and no PATH that ships rules: there is nothing to migrate");
    }
    List<Found> found = new ArrayList<>();
    for (RuleSpec r : read.rules()) {
      found.add(new Found(r, null));
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
            + ": the recipe is written from the rule's shape"));
      }
      found.add(new Found(r.spec(), statics.isEmpty() ? null : statics.iterator().next()));
    }
    return found;
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
