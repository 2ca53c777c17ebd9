package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.core.rules.Stage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

/**
 * The JVM call site of one rewritten legacy call: it remembers what it needs to be relinked to another
 * stage (the caller's lookup, shared with the linked sites of its class nearby, the legacy method, the site) and which
 * stage it is linked at.
 */
final class SunsetCallSite extends MutableCallSite {
  final CallSiteInfo site;
  final MethodHandles.Lookup caller;
  /** The legacy method as the instruction called it, adapted to the call's type. */
  final MethodHandle legacy;
  private static final Stage[] STAGES = Stage.values();
  private static final byte UNLINKED = -1;

  /** The ordinal of the stage the rules asked for at the last link (a byte, not a reference: docs/benchmarks.md). */
  private byte wantedStage = UNLINKED;
  /** The ordinal of the stage the target really runs at: {@link Stage#OBSERVE} when the wanted one could not be linked. */
  private volatile byte linkedStage = UNLINKED;
  /** What of its rule the target was built from (shared between sites; compared by value). */
  CallSiteLinker.LinkedRule linkedRule;
  boolean firstCallStepLinked;
  /** The target without the first-call step, for the wanted stage. */
  MethodHandle steadyTarget;

  SunsetCallSite(CallSiteInfo site, MethodHandles.Lookup caller, MethodHandle legacy) {
    super(legacy.type());
    this.site = site;
    this.caller = caller;
    this.legacy = legacy;
  }

  /** The stage the rules asked for at the last link, or null before the first. */
  Stage wantedStage() {
    return stage(wantedStage);
  }

  /** The stage the target runs at, or null before the first link. */
  Stage linkedStage() {
    return stage(linkedStage);
  }

  /** Records a link: the stage the rules asked for and the one the target runs at. */
  void linkedAt(Stage wanted, Stage linked) {
    wantedStage = (byte) wanted.ordinal();
    linkedStage = (byte) linked.ordinal();
    if (site.linkedCallSite() == this) {
      site.linkedAt(linked); // what a snapshot reads: the site's JVM call site, not one that lost a race to link it
    }
  }

  private static Stage stage(byte ordinal) {
    return ordinal == UNLINKED ? null : STAGES[ordinal];
  }
}
