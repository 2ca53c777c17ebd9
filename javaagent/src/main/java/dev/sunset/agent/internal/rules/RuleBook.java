package dev.sunset.agent.internal.rules;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules in force, by id, replaced as a whole when the rules change while the application runs. */
public final class RuleBook {
  private volatile Map<String, Rule> byId = Map.of();
  private volatile Map<String, Rule> byMember = Map.of();

  /** Replaces the rules in force. */
  public void replace(List<Rule> rules) {
    Map<String, Rule> m = new LinkedHashMap<>();
    for (Rule r : rules) {
      m.put(r.id(), r);
    }
    Map<String, Rule> members = new java.util.HashMap<>();
    for (Rule r : rules) {
      members.putIfAbsent(r.legacyOwner() + "." + r.legacyName() + r.legacyDescriptor(), r);
    }
    byMember = members;
    byId = java.util.Collections.unmodifiableMap(m);
  }

  /** The rule with this id, or null. */
  public Rule rule(String id) {
    return byId.get(id);
  }

  /** Every rule in force, in file order. */
  public Collection<Rule> all() {
    return byId.values();
  }

  /** The rule matching an invoke of owner.name descriptor, or null. */
  public Rule matching(String owner, String name, String descriptor) {
    return byMember.get(owner + "." + name + descriptor);
  }
}
