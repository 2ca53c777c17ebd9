package dev.sunset.agent.internal.registry;

import java.util.List;
import java.util.Map;

/**
 * The line numbers of a class's methods as it was loaded, before the agent redefined it, and the call sites the
 * agent rewrote in it. A frame that was running when the agent attached keeps running the code it had, and the JVM
 * gives such a frame no line (the class has been redefined since); a call caught from it is attributed to the line
 * these tables give its instruction, and counted at the site rewritten there, the same instruction in the new code.
 *
 * @param sourceFile the source file the class names, or null
 * @param tables by {@code name + descriptor}: pairs of (first instruction's offset, line), by offset
 * @param sites the call sites rewritten in the class when the agent first redefined it
 */
public record OriginalLines(String sourceFile, Map<String, int[]> tables, List<CallSiteInfo> sites) {
  /** The same tables, with the sites rewritten in the class. */
  public OriginalLines withSites(List<CallSiteInfo> rewritten) {
    return new OriginalLines(sourceFile, tables, List.copyOf(rewritten));
  }

  /**
   * The one call (not a reference) rewritten at this line of this method for this rule and legacy method, or null
   * when there is none or more than one (the line alone cannot tell them apart).
   */
  public CallSiteInfo rewrittenCallAt(String ruleId, String legacyMember, String method, String descriptor, int line) {
    CallSiteInfo found = null;
    for (CallSiteInfo site : sites) {
      if (site.reach() == Reach.REWRITTEN_CALL && site.line() == line && site.methodName().equals(method)
          && site.methodDescriptor().equals(descriptor) && site.ruleId().equals(ruleId)
          && site.legacyMember().equals(legacyMember)) {
        if (found != null) {
          return null;
        }
        found = site;
      }
    }
    return found;
  }

  /** The line of the instruction at {@code offset} in a method, or 0 when unknown. */
  public int lineOf(String method, String descriptor, int offset) {
    int[] table = tables.get(method + descriptor);
    if (table == null || offset < 0) {
      return 0;
    }
    int line = 0;
    int start = -1;
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] <= offset && table[i] >= start) {
        start = table[i];
        line = table[i + 1];
      }
    }
    return line;
  }
}
