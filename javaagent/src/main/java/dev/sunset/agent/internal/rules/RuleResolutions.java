package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.text.Counted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each rule resolved (a class loader and the jar or folder its legacy class came from), where it was refused,
 * and, for a class rule with an adapter, its members without a counterpart: what the report's {@code resolution} and
 * the exit table say of each rule.
 */
public final class RuleResolutions {
  /** Where a rule resolved: a class loader and the jar or folder its legacy class came from. */
  public record ResolvedAt(String loader, String codeSource) {}

  /** How far a rule got in resolving. */
  public enum Status {
    /** It resolved in at least one class loader. */
    RESOLVED,
    /** A loader has its legacy class, but the rule fits it nowhere. */
    REFUSED,
    /** No loader has defined its legacy class (yet): a typo, or a library never loaded. */
    UNRESOLVED
  }

  private static final Comparator<ResolvedAt> BY_LOADER_THEN_CODE_SOURCE =
      Comparator.comparing(ResolvedAt::loader).thenComparing(ResolvedAt::codeSource);

  private final RuleProblems problems;
  private final Map<String, Set<ResolvedAt>> resolvedAt = new ConcurrentHashMap<>();
  /** For a class rule with an adapter: by rule, then by loader, its members without a counterpart there. */
  private final Map<String, Map<String, List<String>>> withoutCounterpart = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** Resolutions whose refusals are reported to {@code problems}. */
  RuleResolutions(RuleProblems problems) {
    this.problems = problems;
  }

  /**
   * A rule resolved in {@code loader}; {@code noCounterpart}: for a class rule with an adapter, its members that have
   * no counterpart there, which stay at {@code observe} while it redirects. They are said once per rule (and again only
   * if an edit of the rule changes them), one line: {@code rule 'ctx' redirects com.acme.Context through
   * com.acme.ContextAdapters except 2 members, which stay at observe: <init>(), name (set)}.
   */
  void resolvedIn(RuleSpec rule, String loader, String codeSource, List<String> noCounterpart) {
    resolvedAt.computeIfAbsent(rule.id(), k -> ConcurrentHashMap.newKeySet()).add(new ResolvedAt(loader, codeSource));
    if (rule.hasAdapter()) {
      withoutCounterpart.computeIfAbsent(rule.id(), k -> new ConcurrentHashMap<>()).put(loader, List.copyOf(noCounterpart));
      if (!noCounterpart.isEmpty()) {
        AgentLog.once(LogTopic.NO_COUNTERPART, List.of(rule.id(), rule.replacementText(), noCounterpart),
            "rule '" + rule.id() + "' redirects " + rule.legacy().ownerBinaryName() + " through "
                + rule.replacement().ownerBinaryName() + " except " + Counted.of(noCounterpart.size(), "member")
                + (noCounterpart.size() == 1 ? ", which stays" : ", which stay") + " at observe: "
                + String.join(", ", noCounterpart));
      }
    }
  }

  /**
   * For a class rule with an adapter, the members that have no counterpart there in some class loader it resolved in,
   * as it last resolved in each (sorted); empty for any other rule.
   */
  public List<String> withoutCounterpart(String ruleId) {
    Map<String, List<String>> byLoader = withoutCounterpart.get(ruleId);
    if (byLoader == null) {
      return List.of();
    }
    Set<String> names = new TreeSet<>();
    byLoader.values().forEach(names::addAll);
    return List.copyOf(names);
  }

  void refusedIn(RuleSpec rule, Problem problem) {
    refused.add(rule.id());
    problems.report(problem);
  }

  /** Where a rule has resolved so far. */
  public List<ResolvedAt> resolvedAt(String ruleId) {
    Set<ResolvedAt> at = resolvedAt.get(ruleId);
    if (at == null) {
      return List.of();
    }
    List<ResolvedAt> list = new ArrayList<>(at);
    list.sort(BY_LOADER_THEN_CODE_SOURCE);
    return Collections.unmodifiableList(list);
  }

  /** How far a rule got in resolving. */
  public Status status(String ruleId) {
    if (resolvedAt.containsKey(ruleId)) {
      return Status.RESOLVED;
    }
    return refused.contains(ruleId) ? Status.REFUSED : Status.UNRESOLVED;
  }
}
