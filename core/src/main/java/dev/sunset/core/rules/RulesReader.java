package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.io.Limits;
import dev.sunset.core.text.Printable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Reads one rules file (YAML) into {@link RuleSpec}s, checking everything that needs no class: the YAML,
 * the keys, stages, member syntax, replacement shapes, dates, allow globs and baselines.
 *
 * <p>Each problem is one {@link Problem}: the file, the line, the rule id and what is wrong. A rule with a
 * problem is left out and the other rules stay; a file that is not valid YAML contributes no rules. Nothing
 * here throws on bad input.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RulesReader {
  private static final Set<String> KNOWN_KEYS = Set.of("id", "legacy", "replacement", "stage", "message", "allow",
      "baseline", "schedule", "rollback", "members", "replacementType");
  private static final Set<String> FIELD_KEYS = Set.of("get", "set");
  private static final Set<String> ROLLBACK_KEYS = Set.of("errors", "within", "min");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Function<Path, Optional<String>> baselineCheck;

  /**
   * A reader that checks each rule's baseline with {@code baselineCheck}, which returns what is wrong with a
   * baseline file, or empty when it can be used.
   */
  public RulesReader(Function<Path, Optional<String>> baselineCheck) {
    this.baselineCheck = baselineCheck;
  }

  /** The rules read from one file, and the problems found. */
  public record Result(List<RuleSpec> rules, List<Problem> problems) {
    /** A result; the lists are copied. */
    public Result {
      rules = List.copyOf(rules);
      problems = List.copyOf(problems);
    }
  }

  /** Reads the rules in {@code text}, the content of {@code source}. */
  public Result read(RuleSource source, String text) {
    List<Problem> problems = new ArrayList<>();
    List<RuleSpec> rules = new ArrayList<>();
    try {
      readInto(source, text, rules, problems, new HashMap<>());
    } catch (RuntimeException | StackOverflowError e) {
      // a parser failure no check foresaw: the file contributes nothing, and says why
      rules.clear();
      problems.add(Problem.file(source.label(), 0, "cannot be read as rules (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + "); no rules read from this file"));
    }
    return new Result(rules, problems);
  }

  /**
   * The YAML parser's events, refused past {@link Limits#YAML_NESTING} nested collections: the composer builds
   * nodes by recursion, so a deeply nested file would otherwise end in a {@code StackOverflowError}.
   */
  private static final class DepthBoundParser implements Parser {
    private final Parser parser;
    private int depth;

    DepthBoundParser(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event next() {
      Event event = parser.next();
      Event.ID id = event.getEventId();
      if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
        depth++;
        if (depth > Limits.YAML_NESTING) {
          throw new TooDeep(event.getStartMark());
        }
      } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
        depth--;
      }
      return event;
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }
  }

  /** A rules file nested deeper than {@link Limits#YAML_NESTING}. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Optional<Mark> mark;

    TooDeep(Optional<Mark> mark) {
      super(null, null, false, false);
      this.mark = mark;
    }
  }

  private void readInto(RuleSource source, String text, List<RuleSpec> rules, List<Problem> problems,
      Map<Path, Optional<String>> baselinesChecked) {
    String label = source.label();
    Node root;
    try {
      // every value is read as text (failsafe schema): stages, dates and names are checked here, and the
      // schema's many resolver patterns stay out of the agent's start-up
      LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false)
          .setSchema(new FailsafeSchema()).setCodePointLimit((int) Limits.RULES_FILE_BYTES).build();
      Optional<Node> composed = new Composer(settings,
          new DepthBoundParser(new ParserImpl(settings, new StreamReader(settings, text)))).getSingleNode();
      if (composed.isEmpty()) {
        return;
      }
      root = composed.get();
    } catch (TooDeep e) {
      String where = e.mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
      problems.add(Problem.file(label, 0, "nests deeper than " + Limits.YAML_NESTING + " levels" + where
          + " (a rules file needs 5); no rules read from this file"));
      return;
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
      String where = mark.map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
          .orElse("unknown position");
      problems.add(Problem.file(label, 0, "not valid YAML at " + where + ": " + firstLine(e.getProblem())
          + "; no rules read from this file"));
      return;
    } catch (YamlEngineException e) {
      problems.add(Problem.file(label, 0, "not valid YAML: " + firstLine(e.getMessage())
          + "; no rules read from this file"));
      return;
    }
    if (!(root instanceof MappingNode top)) {
      problems.add(Problem.file(label, line(root), "expected a mapping with a 'rules' list; no rules read from this file"));
      return;
    }
    Node rulesNode = null;
    for (NodeTuple t : top.getValue()) {
      String key = scalar(t.getKeyNode());
      if (!"rules".equals(key) || rulesNode != null) {
        String what = rulesNode != null && "rules".equals(key) ? "'rules' appears twice"
            : "unknown top-level key '" + key + "' (expected 'rules')";
        problems.add(Problem.file(label, line(t.getKeyNode()), what + "; no rules read from this file"));
        return;
      }
      rulesNode = t.getValueNode();
    }
    if (rulesNode == null || isNull(rulesNode)) {
      return;
    }
    if (!(rulesNode instanceof SequenceNode list)) {
      problems.add(Problem.file(label, line(rulesNode), "'rules' must be a list; no rules read from this file"));
      return;
    }
    Map<String, RuleSpec> byId = new HashMap<>();
    Map<MemberRef.Key, RuleSpec> byLegacy = new HashMap<>();
    int index = 0;
    for (Node ruleNode : list.getValue()) {
      index++;
      try {
        RuleSpec rule = parseRule(source, ruleNode, index, baselinesChecked);
        RuleSpec sameId = byId.get(rule.id());
        if (sameId != null) {
          throw new RuleProblem(rule.id(), "the id is already used by the rule at line " + sameId.line());
        }
        RuleSpec sameLegacy = byLegacy.get(rule.legacy().key());
        if (sameLegacy != null) {
          throw new RuleProblem(rule.id(), "rule '" + sameLegacy.id() + "' already covers " + rule.legacyText());
        }
        byId.put(rule.id(), rule);
        byLegacy.put(rule.legacy().key(), rule);
        rules.add(rule);
      } catch (RuleProblem p) {
        problems.add(Problem.rule(label, line(ruleNode), p.ruleId, p.getMessage()));
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }

  /** A problem with one rule. */
  private static final class RuleProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final String ruleId;

    RuleProblem(String ruleId, String message) {
      super(message, null, false, false);
      this.ruleId = ruleId;
    }
  }

  private RuleSpec parseRule(RuleSource source, Node node, int index, Map<Path, Optional<String>> baselinesChecked)
      throws RuleProblem {
    String fallbackId = "#" + index;
    if (!(node instanceof MappingNode mapping)) {
      throw new RuleProblem(fallbackId, "expected a mapping with id, legacy, replacement, stage");
    }
    Map<String, Node> fields = mapping(mapping, fallbackId);
    String id = scalarField(fields, "id", fallbackId);
    if (id == null || id.isBlank()) {
      throw new RuleProblem(fallbackId, "'id' is required");
    }
    id = id.trim();
    if (!ID.matcher(id).matches()) {
      throw new RuleProblem(fallbackId, "'id' may hold only letters, digits, '.', '_' and '-'");
    }
    for (String key : fields.keySet()) {
      if (!KNOWN_KEYS.contains(key)) {
        throw new RuleProblem(id, "unknown key '" + key + "' (known: " + String.join(", ", new TreeSet<>(KNOWN_KEYS)) + ")");
      }
    }
    String stageText = scalarField(fields, "stage", id);
    Stage stage = stageText == null ? Stage.OBSERVE : Stage.parse(stageText);
    if (stage == null) {
      throw new RuleProblem(id, "unknown stage '" + stageText + "' (known: observe, redirect, warn, deny)");
    }
    String message = scalarField(fields, "message", id);
    String legacyText = scalarField(fields, "legacy", id);
    if (legacyText == null) {
      throw new RuleProblem(id, "'legacy' is required");
    }
    MemberRef legacy = member(legacyText, "legacy", id);
    String replacementText = scalarField(fields, "replacement", id);
    MemberRef replacement = replacementText == null ? null : member(replacementText, "replacement", id);
    if (replacement != null && replacement.isPackage()) {
      throw new RuleProblem(id, "replacement '" + replacement.text() + "' names a package; a replacement is a method,"
          + " com.acme.New#method(int)");
    }
    if (legacy.isPackage() && (replacement != null || fields.containsKey("replacementType"))) {
      throw new RuleProblem(id, "a package rule takes no " + (replacement != null ? "replacement" : "replacementType")
          + ": its uses are observed, warned about or denied (write a class rule or a method rule for what is to be"
          + " redirected; it overrides the package rule there)");
    }
    if (replacement != null && replacement.isClass() && !legacy.isClass()) {
      throw new RuleProblem(id, "replacement '" + replacement.text() + "' names a class; a replacement is a method,"
          + " com.acme.New#method(int) (only a class rule takes an adapter class)");
    }
    if (replacement != null && !replacement.isClass() && legacy.isClass()) {
      throw new RuleProblem(id, "replacement '" + replacement.text() + "' names a method; a class rule's replacement"
          + " is an adapter class, com.acme.LegacyAdapters, whose static methods stand in for the class's members");
    }
    if (!legacy.isClass() && (fields.containsKey("members") || fields.containsKey("replacementType"))) {
      throw new RuleProblem(id, "'" + (fields.containsKey("members") ? "members" : "replacementType") + "' belongs to"
          + " a class rule (legacy: com.acme.Legacy); a method rule names its one replacement");
    }
    Map<MemberName, AdapterName> members = parseMembers(fields.get("members"), id);
    if (!members.isEmpty() && replacement == null) {
      throw new RuleProblem(id, "'members' names adapter methods, but the rule names no adapter class as its"
          + " 'replacement'");
    }
    String replacementTypeText = scalarField(fields, "replacementType", id);
    MemberRef replacementType = replacementTypeText == null ? null
        : member(replacementTypeText, "replacementType", id);
    if (replacementType != null && !replacementType.isClass()) {
      throw new RuleProblem(id, "replacementType '" + replacementType.text() + "' names a method; it is a class,"
          + " com.acme.NewType");
    }
    ReplacementShape shape = null;
    if (replacement != null && !legacy.isClass()) {
      shape = ReplacementShape.of(legacy, replacement);
      if (shape == null) {
        throw new RuleProblem(id, "replacement parameters " + paramsForPeople(replacement.parameterDescriptors())
            + " do not match: expected the legacy parameters " + paramsForPeople(legacy.parameterDescriptors())
            + ", or the legacy receiver followed by them");
      }
    }
    List<AllowEntry> allow = parseAllow(fields.get("allow"), id);
    BaselineRef baseline = parseBaseline(fields.get("baseline"), source, id);
    if (baseline != null) {
      Optional<String> problem = baselinesChecked.get(baseline.file());
      if (problem == null) { // read each baseline once, however many rules name it
        problem = baselineCheck.apply(baseline.file());
        baselinesChecked.put(baseline.file(), problem);
      }
      if (problem.isPresent()) {
        throw new RuleProblem(id, problem.get());
      }
    }
    Map<Stage, LocalDate> schedule = parseSchedule(fields.get("schedule"), id);
    if (legacy.isPackage() && (stage == Stage.REDIRECT || schedule.containsKey(Stage.REDIRECT))) {
      throw new RuleProblem(id, "stage 'redirect' needs a replacement, and a package rule takes none (use observe, warn"
          + " or deny; a class rule with an adapter class redirects one of its classes)");
    }
    if (legacy.isClass() && replacement == null && (stage == Stage.REDIRECT || schedule.containsKey(Stage.REDIRECT))) {
      throw new RuleProblem(id, "stage 'redirect' needs an adapter class as the class rule's 'replacement'"
          + " (replacement: com.acme.LegacyAdapters), or use observe, warn or deny");
    }
    boolean needsReplacement = !legacy.isClass() && (stage.runsReplacement() || schedule.containsKey(Stage.REDIRECT)
        || schedule.containsKey(Stage.WARN) || !allow.isEmpty() || baseline != null);
    if (needsReplacement && replacement == null) {
      throw new RuleProblem(id, "stage '" + stage.id() + "' (or its allow list, baseline or schedule) needs a 'replacement'");
    }
    Rollback rollback = parseRollback(fields.get("rollback"), id);
    if (rollback != null && replacement == null) {
      // whatever the stage or schedule: an operator can set any rule with a replacement to redirect (JMX), and
      // a rule without one never runs a replacement that could fail, so its rollback could never fire
      throw new RuleProblem(id, "'rollback' needs a 'replacement': only redirected calls (redirect, warn) can roll"
          + " back" + (legacy.isClass() ? ", and a class rule redirects only through an adapter class" : ""));
    }
    return new RuleSpec(id, source, line(node), legacy, replacement, shape, stage,
        message == null ? "" : message.trim(), allow, baseline, schedule, rollback, members, replacementType);
  }

  /**
   * A class rule's {@code members:}: each key a legacy member as rules write it, each value an adapter method's name
   * (a method or constructor) or {@code {get: name, set: name}} (a field, either left out for its default name).
   * Whether each key names a member of the class is known only from its class file, when the rule is resolved.
   */
  private static Map<MemberName, AdapterName> parseMembers(Node node, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return Map.of();
    }
    if (!(node instanceof MappingNode m)) {
      throw new RuleProblem(id, "'members' must be a mapping such as {\"describe()\": describeContext,"
          + " \"websocketManager\": {get: managerOf}}");
    }
    Map<MemberName, AdapterName> members = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : mapping(m, id).entrySet()) {
      MemberName key;
      try {
        key = MemberName.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new RuleProblem(id, "members key " + echo(e.getKey()) + ": " + ex.getMessage());
      }
      AdapterName value = key.kind() == MemberName.Kind.FIELD ? fieldNames(key, e.getValue(), id)
          : new AdapterName.Method(adapterMethodName(key, "", e.getValue(), id));
      if (members.put(key, value) != null) {
        throw new RuleProblem(id, "members names " + key.text() + " twice");
      }
    }
    return members;
  }

  private static AdapterName.Field fieldNames(MemberName key, Node value, String id) throws RuleProblem {
    if (!(value instanceof MappingNode m)) {
      throw new RuleProblem(id, "members '" + echo(key.text()) + "' is a field: map it to {get: name, set: name}"
          + " (either may be left out)");
    }
    Map<String, Node> accessors = mapping(m, id);
    for (String k : accessors.keySet()) {
      if (!FIELD_KEYS.contains(k)) {
        throw new RuleProblem(id, "members '" + echo(key.text()) + "': unknown key '" + echo(k) + "' (known: get, set)");
      }
    }
    Node get = accessors.get("get");
    Node set = accessors.get("set");
    return new AdapterName.Field(get == null || isNull(get) ? null : adapterMethodName(key, " get", get, id),
        set == null || isNull(set) ? null : adapterMethodName(key, " set", set, id));
  }

  private static String adapterMethodName(MemberName key, String accessor, Node value, String id) throws RuleProblem {
    String name = value instanceof ScalarNode s && !isNull(s) ? s.getValue().trim() : null;
    if (name == null || !MemberName.isIdentifier(name)) {
      throw new RuleProblem(id, "members '" + echo(key.text()) + "'" + accessor + ": "
          + (name == null ? "expected the adapter method's name" : "'" + echo(name) + "' is not a method name (a Java"
              + " identifier, no dots or parameters: the adapter is the rule's replacement)"));
    }
    return name;
  }

  private static MemberRef member(String text, String key, String id) throws RuleProblem {
    try {
      return MemberRef.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RuleProblem(id, key + " " + e.getMessage());
    }
  }

  /** Parameter descriptors as people write them: {@code (java.lang.String, int)}. */
  public static String paramsForPeople(List<String> descriptors) {
    List<String> names = new ArrayList<>();
    for (String d : descriptors) {
      names.add(typeForPeople(d));
    }
    return "(" + String.join(", ", names) + ")";
  }

  /** A field descriptor as people write the type: {@code java.lang.String[]}. */
  public static String typeForPeople(String descriptor) {
    int dims = 0;
    while (descriptor.charAt(dims) == '[') {
      dims++;
    }
    String base = switch (descriptor.charAt(dims)) {
      case 'Z' -> "boolean";
      case 'B' -> "byte";
      case 'C' -> "char";
      case 'S' -> "short";
      case 'I' -> "int";
      case 'J' -> "long";
      case 'F' -> "float";
      case 'D' -> "double";
      case 'V' -> "void";
      default -> descriptor.substring(dims + 1, descriptor.length() - 1).replace('/', '.');
    };
    return base + "[]".repeat(dims);
  }

  private static List<AllowEntry> parseAllow(Node node, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return List.of();
    }
    List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
    List<AllowEntry> entries = new ArrayList<>();
    for (Node item : items) {
      if (!(item instanceof ScalarNode s)) {
        throw new RuleProblem(id, "'allow' must be a list of class globs such as com.acme.jobs.*");
      }
      try {
        entries.add(AllowEntry.parse(s.getValue()));
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
    if (node instanceof ScalarNode s) {
      file = s.getValue();
    } else if (node instanceof MappingNode m) {
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : mapping(m, id).entrySet()) {
        values.put(e.getKey(), scalar(e.getValue()));
      }
      file = values.remove("file");
      String match = values.remove("match");
      if (!values.isEmpty()) {
        throw new RuleProblem(id, "unknown baseline key(s) " + values.keySet() + " (known: file, match)");
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
    Path path;
    try {
      path = Path.of(file.trim());
    } catch (RuntimeException e) {
      throw new RuleProblem(id, "baseline '" + file + "' is not a path: " + e.getMessage());
    }
    if (!path.isAbsolute()) {
      path = source.baseDirectory().resolve(path);
    }
    return new BaselineRef(path.normalize(), tolerate);
  }

  private static final String ROLLBACK_FORM = "{errors: 1%, within: 1m, min: 100}";

  /** A rule's {@code rollback}: all three keys, each checked; null when the rule has none. */
  private static Rollback parseRollback(Node node, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return null;
    }
    if (!(node instanceof MappingNode m)) {
      throw new RuleProblem(id, "'rollback' must be a mapping such as " + ROLLBACK_FORM);
    }
    Map<String, Node> fields = mapping(m, id);
    for (String key : fields.keySet()) {
      if (!ROLLBACK_KEYS.contains(key)) {
        throw new RuleProblem(id, "unknown rollback key '" + echo(key) + "' (known: errors, within, min)");
      }
    }
    for (String key : List.of("errors", "within", "min")) {
      Node value = fields.get(key);
      if (value == null || isNull(value)) {
        throw new RuleProblem(id, "rollback needs '" + key + "', as in " + ROLLBACK_FORM);
      }
      if (!(value instanceof ScalarNode)) {
        throw new RuleProblem(id, "rollback '" + key + "' must be a single value, as in " + ROLLBACK_FORM);
      }
    }
    String errors = scalar(fields.get("errors"));
    BigDecimal percent = Rollback.parsePercent(errors);
    if (percent == null) {
      throw new RuleProblem(id, "rollback errors '" + echo(errors) + "' is not a percentage from 0% to below 100%"
          + " (such as 1% or 0.5%, at most three decimals)");
    }
    String within = scalar(fields.get("within"));
    Duration window = Rollback.parseWithin(within);
    if (window == null) {
      throw new RuleProblem(id, "rollback within '" + echo(within) + "' is not a duration from 1s to 1h (such as 30s, 1m,"
          + " 5m)");
    }
    String min = scalar(fields.get("min"));
    long minCalls = Rollback.parseMinCalls(min);
    if (minCalls < 0) {
      throw new RuleProblem(id, "rollback min '" + echo(min) + "' is not a whole number of calls from 1 to "
          + Rollback.MAX_MIN_CALLS);
    }
    return new Rollback(percent, window, minCalls);
  }

  /** A value of the file quoted back in a problem: one line, escaped, and short. */
  private static String echo(String text) {
    String t = text == null ? "" : text;
    return Printable.line(t.length() > 40 ? t.substring(0, 40) + "..." : t);
  }

  private static Map<Stage, LocalDate> parseSchedule(Node node, String id) throws RuleProblem {
    if (node == null || isNull(node)) {
      return Map.of();
    }
    if (!(node instanceof MappingNode m)) {
      throw new RuleProblem(id, "'schedule' must be a mapping such as {warn: 2026-12-01, deny: 2027-01-15}");
    }
    Map<Stage, LocalDate> schedule = new EnumMap<>(Stage.class);
    for (Map.Entry<String, Node> e : mapping(m, id).entrySet()) {
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
    if (!(n instanceof ScalarNode s)) {
      throw new RuleProblem(id, "'" + key + "' must be a single value");
    }
    return s.getValue();
  }

  private static boolean isNull(Node n) {
    if (!(n instanceof ScalarNode s) || s.getScalarStyle() != ScalarStyle.PLAIN) {
      return false;
    }
    String v = s.getValue();
    return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }

  private static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
