package dev.sunset.agent.internal.registry;

import dev.sunset.agent.internal.rules.Rule;
import java.lang.invoke.MutableCallSite;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One rewritten call site: where it is (class, method, file, line, code source), which rule it matched,
 * and, once it has run, the JVM call site it is linked to.
 */
public final class CallSiteInfo {
  private final int id;
  private final String ruleId;
  private final String className;
  private final String methodName;
  private final String methodDescriptor;
  private final String sourceFile;
  private final int line;
  private final String codeSource;
  private final boolean methodReference;
  private final String legacyMember;

  private volatile WeakReference<MutableCallSite> linked;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicBoolean called = new AtomicBoolean();
  private volatile java.time.Instant firstCallAt;

  /**
   * Describes a call site; {@code line} is 0 when the class has no line numbers, and {@code legacyMember}
   * is the called method as {@code owner.name descriptor} (internal names).
   */
  public CallSiteInfo(int id, String ruleId, String legacyMember, String className, String methodName,
      String methodDescriptor, String sourceFile, int line, String codeSource, boolean methodReference) {
    this.legacyMember = legacyMember;
    this.id = id;
    this.ruleId = ruleId;
    this.className = className;
    this.methodName = methodName;
    this.methodDescriptor = methodDescriptor;
    this.sourceFile = sourceFile;
    this.line = line;
    this.codeSource = codeSource;
    this.methodReference = methodReference;
  }

  /** The id, unique in this JVM, that the rewritten instruction carries. */
  public int id() {
    return id;
  }

  /** The id of the rule the call matched. */
  public String ruleId() {
    return ruleId;
  }

  /** The legacy method the site calls, as {@code owner.name descriptor} with internal names. */
  public String legacyMember() {
    return legacyMember;
  }

  /** Binary name of the calling class. */
  public String className() {
    return className;
  }

  /** Name of the calling method. */
  public String methodName() {
    return methodName;
  }

  /** Descriptor of the calling method. */
  public String methodDescriptor() {
    return methodDescriptor;
  }

  /** Source file named by the class, or null. */
  public String sourceFile() {
    return sourceFile;
  }

  /** Source line of the call, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** Location of the jar or folder the class was loaded from, or {@code unknown}. */
  public String codeSource() {
    return codeSource;
  }

  /** Whether the site is a method reference ({@code Legacy::method}) rather than a direct call. */
  public boolean methodReference() {
    return methodReference;
  }

  /** The caller as people read it: {@code com.acme.Checkout.run(Checkout.java:42)}. */
  public String callerForPeople() {
    return className + "." + methodName + "(" + (sourceFile == null ? "Unknown Source" : sourceFile)
        + (line > 0 ? ":" + line : "") + ")";
  }

  /** The linked JVM call site, or null if the site never ran or its class was unloaded. */
  public MutableCallSite linkedCallSite() {
    WeakReference<MutableCallSite> ref = linked;
    return ref == null ? null : ref.get();
  }

  /** Records the JVM call site this site was linked to. */
  public void linkedTo(MutableCallSite callSite) {
    this.linked = new WeakReference<>(callSite);
  }

  /** Whether the site has been called at least once. */
  public boolean hasBeenCalled() {
    return called.get();
  }

  /** When the site was first called, or null. */
  public java.time.Instant firstCallAt() {
    return firstCallAt;
  }

  /** Returns true exactly once: for the first call of this site, whose time it records. */
  public boolean claimFirstCall(java.time.Instant now) {
    if (called.compareAndSet(false, true)) {
      firstCallAt = now;
      return true;
    }
    return false;
  }

  /** Whether this site's warning has been printed. */
  public boolean hasWarned() {
    return warned.get();
  }

  /** Returns true exactly once: for the first caller that asks to print this site's warning. */
  public boolean claimWarning() {
    return warned.compareAndSet(false, true);
  }
}
