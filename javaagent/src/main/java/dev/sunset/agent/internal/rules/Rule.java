package dev.sunset.agent.internal.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One validated rule: which legacy method to find in calling classes, what replaces it, and at which stage
 * its calls run, with the members resolved to their JVM descriptors.
 */
public final class Rule {
  private final String id;
  private final String source;
  private final String legacyText;
  private final String replacementText;
  private final Stage stage;
  private final String message;

  private final String legacyOwner;
  private final String legacyName;
  private final String legacyDescriptor;
  private final boolean legacyStatic;
  private final boolean legacyOwnerInterface;

  private final String replacementOwner;
  private final String replacementName;
  private final String replacementDescriptor;
  private final boolean replacementTakesReceiver;

  private final List<AllowEntry> allow;
  private final BaselineRef baseline;
  private final Map<Stage, LocalDate> schedule;

  Rule(Builder b) {
    this.id = b.id;
    this.source = b.source;
    this.legacyText = b.legacyText;
    this.replacementText = b.replacementText;
    this.stage = b.stage;
    this.message = b.message;
    this.legacyOwner = b.legacyOwner;
    this.legacyName = b.legacyName;
    this.legacyDescriptor = b.legacyDescriptor;
    this.legacyStatic = b.legacyStatic;
    this.legacyOwnerInterface = b.legacyOwnerInterface;
    this.replacementOwner = b.replacementOwner;
    this.replacementName = b.replacementName;
    this.replacementDescriptor = b.replacementDescriptor;
    this.replacementTakesReceiver = b.replacementTakesReceiver;
    this.allow = List.copyOf(b.allow);
    this.baseline = b.baseline;
    this.schedule = Map.copyOf(b.schedule);
  }

  /** The rule's id, unique among the rules in force. */
  public String id() {
    return id;
  }

  /** Where the rule was read from: a file path or a jar resource URL. */
  public String source() {
    return source;
  }

  /** The legacy member as written in the rules file. */
  public String legacyText() {
    return legacyText;
  }

  /** The replacement as written in the rules file, or null when the rule has none. */
  public String replacementText() {
    return replacementText;
  }

  /** The stage the rule sets, before allow lists, baselines and the schedule are applied. */
  public Stage stage() {
    return stage;
  }

  /** The rule's message for people, or an empty string. */
  public String message() {
    return message;
  }

  /** Internal name of the class that calls must name to match. */
  public String legacyOwner() {
    return legacyOwner;
  }

  /** Name of the legacy method. */
  public String legacyName() {
    return legacyName;
  }

  /** Full descriptor of the legacy method, return type included. */
  public String legacyDescriptor() {
    return legacyDescriptor;
  }

  /** Whether the legacy method is static. */
  public boolean legacyStatic() {
    return legacyStatic;
  }

  /** Whether the legacy owner is an interface. */
  public boolean legacyOwnerInterface() {
    return legacyOwnerInterface;
  }

  /** Whether the rule has a replacement; without one it can only observe or deny. */
  public boolean hasReplacement() {
    return replacementOwner != null;
  }

  /** Internal name of the replacement's class, or null. */
  public String replacementOwner() {
    return replacementOwner;
  }

  /** Name of the replacement method, or null. */
  public String replacementName() {
    return replacementName;
  }

  /** Descriptor of the replacement method, or null. */
  public String replacementDescriptor() {
    return replacementDescriptor;
  }

  /** Whether the replacement takes the legacy receiver as its first parameter. */
  public boolean replacementTakesReceiver() {
    return replacementTakesReceiver;
  }

  /** Call sites kept at {@link Stage#REDIRECT} when the rule is at {@code warn} or {@code deny}. */
  public List<AllowEntry> allow() {
    return allow;
  }

  /** The baseline of tolerated call sites, or null. */
  public BaselineRef baseline() {
    return baseline;
  }

  /** The dates (UTC) from which the rule moves to a later stage. */
  public Map<Stage, LocalDate> schedule() {
    return schedule;
  }

  /** The replacement in the form people read, {@code com.acme.New.method}, or null. */
  public String replacementForPeople() {
    if (replacementText == null) {
      return null;
    }
    int paren = replacementText.indexOf('(');
    return (paren < 0 ? replacementText : replacementText.substring(0, paren)).replace('#', '.');
  }

  /** The legacy method as {@code owner.name descriptor} with internal names, as call sites record it. */
  public String legacyMember() {
    return legacyOwner + "." + legacyName + legacyDescriptor;
  }

  /** Whether the rule would rewrite an invoke instruction with this owner, name and descriptor. */
  public boolean matches(String owner, String name, String descriptor) {
    return legacyOwner.equals(owner) && legacyName.equals(name) && legacyDescriptor.equals(descriptor);
  }

  /** Whether another rule differs from this one only in how its call sites are enforced. */
  public boolean sameMembers(Rule other) {
    return legacyOwner.equals(other.legacyOwner) && legacyName.equals(other.legacyName)
        && legacyDescriptor.equals(other.legacyDescriptor)
        && Objects.equals(replacementOwner, other.replacementOwner)
        && Objects.equals(replacementName, other.replacementName)
        && Objects.equals(replacementDescriptor, other.replacementDescriptor)
        && replacementTakesReceiver == other.replacementTakesReceiver;
  }

  @Override
  public String toString() {
    return id + " (" + legacyText + ", " + stage.id() + ")";
  }

  static final class Builder {
    String id;
    String source;
    String legacyText;
    String replacementText;
    Stage stage;
    String message = "";
    String legacyOwner;
    String legacyName;
    String legacyDescriptor;
    boolean legacyStatic;
    boolean legacyOwnerInterface;
    String replacementOwner;
    String replacementName;
    String replacementDescriptor;
    boolean replacementTakesReceiver;
    List<AllowEntry> allow = List.of();
    BaselineRef baseline;
    Map<Stage, LocalDate> schedule = Map.of();

    Rule build() {
      return new Rule(this);
    }
  }
}
