package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The rules in force for one scope (a class loader, or the artifacts of a scan), merged from several rules
 * files: a rule in the user's file replaces a shipped rule with the same id; the same rule shipped twice
 * (one jar seen through two paths, or two copies of a library) counts once; any other clash of ids, or two
 * rules for one legacy method, refuses the later rule.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RuleSet {
  private static final RuleSet EMPTY = new RuleSet(Map.of(), List.of());

  private final Map<String, RuleSpec> byId;
  private final List<Problem> problems;

  private RuleSet(Map<String, RuleSpec> byId, List<Problem> problems) {
    this.byId = byId;
    this.problems = List.copyOf(problems);
  }

  /** No rules. */
  public static RuleSet empty() {
    return EMPTY;
  }

  /**
   * Merges files already read, in order; the user's file may come anywhere. Problems of the files
   * themselves are kept, followed by the clashes found here.
   */
  public static RuleSet merge(List<RulesReader.Result> files) {
    List<Problem> problems = new ArrayList<>();
    List<RuleSpec> user = new ArrayList<>();
    List<RuleSpec> shipped = new ArrayList<>();
    for (RulesReader.Result file : files) {
      problems.addAll(file.problems());
      for (RuleSpec rule : file.rules()) {
        (rule.source().isUserFile() ? user : shipped).add(rule);
      }
    }
    Map<String, RuleSpec> byId = new LinkedHashMap<>();
    Map<MemberRef.Key, RuleSpec> byLegacy = new HashMap<>();
    for (RuleSpec rule : user) {
      add(byId, byLegacy, rule, problems);
    }
    for (RuleSpec rule : shipped) {
      RuleSpec existing = byId.get(rule.id());
      if (existing != null && existing.source().isUserFile()) {
        continue; // the user's rules file steers a shipped rule by repeating its id
      }
      add(byId, byLegacy, rule, problems);
    }
    return new RuleSet(byId, problems);
  }

  /** Adds a rule unless its id or its legacy method is taken: one map lookup each, so merging is linear. */
  private static void add(Map<String, RuleSpec> byId, Map<MemberRef.Key, RuleSpec> byLegacy, RuleSpec rule,
      List<Problem> problems) {
    RuleSpec existing = byId.get(rule.id());
    if (existing != null) {
      if (!existing.sameDefinition(rule)) {
        problems.add(Problem.rule(rule.source().label(), rule.line(), rule.id(),
            "the id is already used by a different rule at " + existing.location()));
      }
      return;
    }
    RuleSpec other = byLegacy.get(rule.legacy().key());
    if (other != null) {
      problems.add(Problem.rule(rule.source().label(), rule.line(), rule.id(),
          "rule '" + other.id() + "' (" + other.location() + ") already covers " + rule.legacyText()));
      return;
    }
    byId.put(rule.id(), rule);
    byLegacy.put(rule.legacy().key(), rule);
  }

  /** The rules in force, user's first, then shipped ones in the order their files came. */
  public Collection<RuleSpec> rules() {
    return byId.values();
  }

  /** The rule with this id, or null. */
  public RuleSpec rule(String id) {
    return byId.get(id);
  }

  /** Whether there is no rule. */
  public boolean isEmpty() {
    return byId.isEmpty();
  }

  /** The problems of the files and of merging them. */
  public List<Problem> problems() {
    return problems;
  }
}
