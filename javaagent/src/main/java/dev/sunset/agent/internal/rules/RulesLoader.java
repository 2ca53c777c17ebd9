package dev.sunset.agent.internal.rules;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Reads rules files (YAML) and validates every rule against the class files it names.
 *
 * <p>Each problem becomes one line naming the file, the line, the rule id and what is wrong. A rule with a
 * problem is left out; the other rules stay. A file that is not valid YAML contributes no rules.
 */
public final class RulesLoader {
  private static final Set<String> KNOWN_KEYS =
      Set.of("id", "legacy", "replacement", "stage", "message", "allow", "baseline", "schedule");

  private final ClassHierarchy hierarchy;
  private final Baselines baselines;

  /** A loader that checks the members named by rules through {@code hierarchy} and their baselines. */
  public RulesLoader(ClassHierarchy hierarchy, Baselines baselines) {
    this.hierarchy = hierarchy;
    this.baselines = baselines;
  }

  /** The rules read from some sources, and the problems found, one line each. */
  public static final class Result {
    private final List<Rule> rules;
    private final List<String> problems;

    Result(List<Rule> rules, List<String> problems) {
      this.rules = List.copyOf(rules);
      this.problems = List.copyOf(problems);
    }

    /** The valid rules, in file order. */
    public List<Rule> rules() {
      return rules;
    }

    /** One line per problem. */
    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads and validates the rules of every source. Ids must be unique, except that a rule in the user's
   * rules file replaces a rule with the same id shipped in a jar.
   */
  public Result load(List<RuleSource> sources) {
    List<Rule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, RuleSource> idToSource = new LinkedHashMap<>();
    for (RuleSource source : sources) {
      for (Rule rule : loadOne(source, problems)) {
        RuleSource previous = idToSource.get(rule.id());
        if (previous != null) {
          if (source.userFile() && !previous.userFile()) {
            // the user's rules file steers a rule shipped in a jar by repeating its id
            String replaced = rule.id();
            rules.removeIf(r -> r.id().equals(replaced));
          } else {
            problems.add(source.label() + ": rule '" + rule.id() + "': refused: the id is already used by a rule in "
                + previous.label());
            continue;
          }
        }
        idToSource.put(rule.id(), source);
        for (Rule other : rules) {
          if (other.matches(rule.legacyOwner(), rule.legacyName(), rule.legacyDescriptor())) {
            problems.add(source.label() + ": rule '" + rule.id() + "': refused: rule '" + other.id()
                + "' already covers " + rule.legacyText());
            rule = null;
            break;
          }
        }
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    return new Result(rules, problems);
  }

  private List<Rule> loadOne(RuleSource source, List<String> problems) {
    Node root;
    try {
      // every value is read as text (failsafe schema): stages, dates and names are checked here, and the
      // schema's many resolver patterns stay out of the agent's start-up
      LoadSettings settings = LoadSettings.builder().setLabel(source.label()).setAllowDuplicateKeys(false)
          .setSchema(new FailsafeSchema()).build();
      Optional<Node> composed = new Compose(settings).composeString(source.text());
      if (composed.isEmpty()) {
        return List.of();
      }
      root = composed.get();
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
      String where = mark.map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("unknown position");
      problems.add(source.label() + ": not valid YAML at " + where + ": " + e.getProblem() + "; no rules read from this file");
      return List.of();
    } catch (YamlEngineException e) {
      problems.add(source.label() + ": not valid YAML: " + e.getMessage() + "; no rules read from this file");
      return List.of();
    }
    if (!(root instanceof MappingNode)) {
      problems.add(source.label() + ":" + line(root) + ": expected a mapping with a 'rules' list; no rules read from this file");
      return List.of();
    }
    Node rulesNode = null;
    for (NodeTuple t : ((MappingNode) root).getValue()) {
      String key = scalar(t.getKeyNode());
      if (!"rules".equals(key) || rulesNode != null) {
        problems.add(source.label() + ":" + line(t.getKeyNode()) + ": "
            + (rulesNode != null && "rules".equals(key) ? "'rules' appears twice" : "unknown top-level key '" + key
            + "' (expected 'rules')") + "; no rules read from this file");
        return List.of();
      }
      rulesNode = t.getValueNode();
    }
    if (rulesNode == null || isNull(rulesNode)) {
      return List.of();
    }
    if (!(rulesNode instanceof SequenceNode)) {
      problems.add(source.label() + ":" + line(rulesNode) + ": 'rules' must be a list; no rules read from this file");
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    int index = 0;
    for (Node ruleNode : ((SequenceNode) rulesNode).getValue()) {
      index++;
      String where = source.label() + ":" + line(ruleNode);
      try {
        rules.add(parseRule(source, ruleNode, index));
      } catch (RuleProblem p) {
        problems.add(where + ": rule '" + p.ruleId + "': refused: " + p.getMessage());
      }
    }
    return rules;
  }

  /** A problem with one rule. */
  static final class RuleProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final String ruleId;

    RuleProblem(String ruleId, String message) {
      super(message, null, false, false);
      this.ruleId = ruleId;
    }
  }

  private Rule parseRule(RuleSource source, Node node, int index) throws RuleProblem {
    String fallbackId = "#" + index;
    if (!(node instanceof MappingNode)) {
      throw new RuleProblem(fallbackId, "expected a mapping with id, legacy, replacement, stage");
    }
    Map<String, Node> fields = mapping((MappingNode) node, fallbackId);
    String id = scalarField(fields, "id", fallbackId);
    if (id == null || id.isBlank()) {
      throw new RuleProblem(fallbackId, "'id' is required");
    }
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new RuleProblem(id, "'id' may hold only letters, digits, '.', '_' and '-'");
    }
    for (String key : fields.keySet()) {
      if (!KNOWN_KEYS.contains(key)) {
        throw new RuleProblem(id, "unknown key '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(KNOWN_KEYS)) + ")");
      }
    }
    Rule.Builder b = new Rule.Builder();
    b.id = id;
    b.source = source.label();
    String stageText = scalarField(fields, "stage", id);
    b.stage = stageText == null ? Stage.OBSERVE : Stage.parse(stageText);
    if (b.stage == null) {
      throw new RuleProblem(id, "unknown stage '" + stageText + "' (known: observe, redirect, warn, deny)");
    }
    String message = scalarField(fields, "message", id);
    b.message = message == null ? "" : message.trim();
    b.legacyText = scalarField(fields, "legacy", id);
    if (b.legacyText == null) {
      throw new RuleProblem(id, "'legacy' is required");
    }
    b.replacementText = scalarField(fields, "replacement", id);
    b.allow = parseAllow(fields.get("allow"), id);
    b.baseline = parseBaseline(fields.get("baseline"), source, id);
    if (b.baseline != null) {
      String problem = baselines.check(b.baseline.file());
      if (problem != null) {
        throw new RuleProblem(id, problem);
      }
    }
    b.schedule = parseSchedule(fields.get("schedule"), id);
    resolveLegacy(b);
    if (b.replacementText != null) {
      resolveReplacement(b);
    }
    boolean needsReplacement = b.stage.runsReplacement() || b.schedule.containsKey(Stage.REDIRECT)
        || b.schedule.containsKey(Stage.WARN) || !b.allow.isEmpty() || b.baseline != null;
    if (needsReplacement && b.replacementText == null) {
      throw new RuleProblem(id, "stage '" + b.stage.id() + "' (or its allow list, baseline or schedule) needs a 'replacement'");
    }
    return b.build();
  }

  private void resolveLegacy(Rule.Builder b) throws RuleProblem {
    MemberRef legacy;
    try {
      legacy = MemberRef.parse(b.legacyText);
    } catch (IllegalArgumentException e) {
      throw new RuleProblem(b.id, "legacy " + e.getMessage());
    }
    String owner = legacy.ownerInternalName();
    if (!hierarchy.exists(owner)) {
      throw new RuleProblem(b.id, "legacy class " + legacy.ownerBinaryName() + " does not exist on the class path");
    }
    ClassHierarchy.FoundMethod m = hierarchy.findMethod(owner, legacy.name(), legacy.parameterDescriptor())
        .orElseThrow(() -> new RuleProblem(b.id, "legacy method " + legacy.name() + legacy.parameterDescriptor()
            + " does not exist in " + legacy.ownerBinaryName()));
    b.legacyOwner = owner;
    b.legacyName = legacy.name();
    b.legacyDescriptor = m.descriptor;
    b.legacyStatic = m.isStatic();
    b.legacyOwnerInterface = hierarchy.isInterface(owner);
  }

  private void resolveReplacement(Rule.Builder b) throws RuleProblem {
    MemberRef repl;
    try {
      repl = MemberRef.parse(b.replacementText);
    } catch (IllegalArgumentException e) {
      throw new RuleProblem(b.id, "replacement " + e.getMessage());
    }
    String owner = repl.ownerInternalName();
    if (!hierarchy.exists(owner)) {
      throw new RuleProblem(b.id, "replacement class " + repl.ownerBinaryName() + " does not exist on the class path");
    }
    ClassHierarchy.FoundMethod m = hierarchy.findMethod(owner, repl.name(), repl.parameterDescriptor())
        .filter(f -> f.declaringClass.equals(owner))
        .orElseThrow(() -> new RuleProblem(b.id, "replacement method " + repl.name() + repl.parameterDescriptor()
            + " does not exist in " + repl.ownerBinaryName()));
    if (!m.isStatic()) {
      throw new RuleProblem(b.id, "replacement " + repl.ownerBinaryName() + "#" + repl.name() + " must be static");
    }
    if ((m.access & org.objectweb.asm.Opcodes.ACC_PUBLIC) == 0 || !hierarchy.isPublic(owner)) {
      throw new RuleProblem(b.id, "replacement " + repl.ownerBinaryName() + "#" + repl.name()
          + " must be public, in a public class, so that every caller can reach it");
    }
    List<String> legacyParams = MemberRef.parse(b.legacyText).parameterDescriptors();
    List<String> replParams = repl.parameterDescriptors();
    if (replParams.equals(legacyParams)) {
      b.replacementTakesReceiver = false;
    } else if (!b.legacyStatic && replParams.size() == legacyParams.size() + 1
        && replParams.subList(1, replParams.size()).equals(legacyParams)
        && hierarchy.isAssignable("L" + b.legacyOwner + ";", replParams.get(0))) {
      b.replacementTakesReceiver = true;
    } else {
      String expected = b.legacyStatic ? "the legacy parameters " + paramsForPeople(legacyParams)
          : "the legacy parameters " + paramsForPeople(legacyParams) + ", or the receiver "
              + b.legacyOwner.replace('/', '.') + " followed by them";
      throw new RuleProblem(b.id, "replacement parameters " + paramsForPeople(replParams) + " do not match: expected "
          + expected);
    }
    String legacyReturn = b.legacyDescriptor.substring(b.legacyDescriptor.indexOf(')') + 1);
    if (!legacyReturn.equals("V") && !hierarchy.isAssignable(m.returnDescriptor(), legacyReturn)) { // void drops it
      throw new RuleProblem(b.id, "replacement returns " + org.objectweb.asm.Type.getType(m.returnDescriptor()).getClassName()
          + ", which is not assignable to the legacy return type "
          + org.objectweb.asm.Type.getType(legacyReturn).getClassName());
    }
    b.replacementOwner = owner;
    b.replacementName = repl.name();
    b.replacementDescriptor = m.descriptor;
  }

  private static String paramsForPeople(List<String> descriptors) {
    List<String> names = new ArrayList<>();
    for (String d : descriptors) {
      names.add(org.objectweb.asm.Type.getType(d).getClassName());
    }
    return "(" + String.join(", ", names) + ")";
  }

  private static List<AllowEntry> parseAllow(Node node, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return List.of();
    }
    List<Node> items = node instanceof SequenceNode ? ((SequenceNode) node).getValue() : List.of(node);
    List<AllowEntry> entries = new ArrayList<>();
    for (Node item : items) {
      if (!(item instanceof ScalarNode)) {
        throw new RuleProblem(id, "'allow' must be a list of class globs such as com.acme.jobs.*");
      }
      try {
        entries.add(AllowEntry.parse(((ScalarNode) item).getValue()));
      } catch (IllegalArgumentException e) {
        throw new RuleProblem(id, e.getMessage());
      }
    }
    return entries;
  }

  private static BaselineRef parseBaseline(Node node, RuleSource source, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return null;
    }
    String file;
    boolean tolerate = false;
    if (node instanceof ScalarNode) {
      file = ((ScalarNode) node).getValue();
    } else if (node instanceof MappingNode) {
      Map<String, String> m = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : mapping((MappingNode) node, id).entrySet()) {
        m.put(e.getKey(), scalar(e.getValue()));
      }
      file = m.remove("file");
      String match = m.remove("match");
      if (!m.isEmpty()) {
        throw new RuleProblem(id, "unknown baseline key(s) " + m.keySet() + " (known: file, match)");
      }
      if (match != null && !match.equals("line") && !match.equals("method")) {
        throw new RuleProblem(id, "baseline match '" + match + "' is not 'line' or 'method'");
      }
      tolerate = "method".equals(match);
    } else {
      throw new RuleProblem(id, "'baseline' must be a report path or {file: path, match: line|method}");
    }
    if (file == null || file.isBlank()) {
      throw new RuleProblem(id, "baseline needs a 'file'");
    }
    java.nio.file.Path path = java.nio.file.Path.of(file);
    if (!path.isAbsolute()) {
      path = source.baseDirectory().resolve(path);
    }
    return new BaselineRef(path.normalize(), tolerate);
  }

  private static Map<Stage, LocalDate> parseSchedule(Node node, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return Map.of();
    }
    if (!(node instanceof MappingNode)) {
      throw new RuleProblem(id, "'schedule' must be a mapping such as {warn: 2026-12-01, deny: 2027-01-15}");
    }
    Map<Stage, LocalDate> schedule = new EnumMap<>(Stage.class);
    for (Map.Entry<String, Node> e : mapping((MappingNode) node, id).entrySet()) {
      String key = e.getKey();
      Stage stage = Stage.parse(key);
      if (stage == null || stage == Stage.OBSERVE) {
        throw new RuleProblem(id, "schedule key '" + key + "' is not a stage to move to (redirect, warn, deny)");
      }
      String value = scalar(e.getValue());
      try {
        schedule.put(stage, LocalDate.parse(value == null ? "" : value.trim()));
      } catch (DateTimeParseException ex) {
        throw new RuleProblem(id, "schedule date '" + value + "' for " + key + " is not a date such as 2026-12-01");
      }
    }
    Stage previous = null;
    for (Stage s : Stage.values()) {
      LocalDate date = schedule.get(s);
      if (date != null && previous != null && date.isBefore(schedule.get(previous))) {
        throw new RuleProblem(id, "schedule date for " + s.id() + " comes before the date for " + previous.id());
      }
      if (date != null) {
        previous = s;
      }
    }
    return schedule;
  }

  /** A mapping's entries by key; keys must be plain values and appear once. */
  private static Map<String, Node> mapping(MappingNode node, String id) throws RuleProblem {
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple t : node.getValue()) {
      String key = scalar(t.getKeyNode());
      if (key == null) {
        throw new RuleProblem(id, "a key at line " + line(t.getKeyNode()) + " is not a plain name");
      }
      if (entries.put(key, t.getValueNode()) != null) {
        throw new RuleProblem(id, "key '" + key + "' appears twice (line " + line(t.getKeyNode()) + ")");
      }
    }
    return entries;
  }

  private static String scalarField(Map<String, Node> fields, String key, String id) throws RuleProblem {
    Node n = fields.get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    if (!(n instanceof ScalarNode)) {
      throw new RuleProblem(id, "'" + key + "' must be a single value");
    }
    return ((ScalarNode) n).getValue();
  }

  private static boolean isNull(Node n) {
    if (!(n instanceof ScalarNode) || ((ScalarNode) n).getScalarStyle() != ScalarStyle.PLAIN) {
      return false;
    }
    String v = ((ScalarNode) n).getValue();
    return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode ? ((ScalarNode) n).getValue() : null;
  }

  private static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** The distinct legacy owners of some rules, as internal names. */
  public static Set<String> owners(List<Rule> rules) {
    Set<String> owners = new LinkedHashSet<>();
    for (Rule r : rules) {
      owners.add(r.legacyOwner());
    }
    return owners;
  }
}
