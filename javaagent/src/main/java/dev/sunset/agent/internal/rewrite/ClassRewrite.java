package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.ReferenceHelper;
import dev.sunset.agent.internal.rules.LoaderRules;
import java.util.List;
import java.util.function.IntSupplier;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;

/**
 * One ASM pass over a class that may call a legacy method or declare one: call sites rewritten, guards
 * woven. Kept apart from the transformer so that a JVM whose classes never need rewriting never loads ASM's
 * writer.
 */
final class ClassRewrite {
  private ClassRewrite() {}

  /**
   * A rewritten class file, the sites it holds, and the helper classes of the references it rewrote without adding
   * methods (a class being redefined).
   */
  record Pass(byte[] bytes, List<CallSiteInfo> sites, List<ReferenceHelper> helpers) {}

  static Pass pass(ClassReader reader, LoaderRules scope, String codeSource, boolean mayAddMethods, boolean calls,
      List<GuardWeaver.Plan> plans, BootstrapInstaller.Target bootstrap, IntSupplier ids) {
    ClassWriter writer = new ClassWriter(reader, 0);
    ClassVisitor next = plans.isEmpty() ? writer : new GuardWeaver(writer, plans, bootstrap.owner());
    // a pass of its own, only where a class rule's constructor has a counterpart: which new instructions can go
    ReplaceableNews news = calls && scope.redirectsConstructions()
        ? ReplaceableNews.find(reader, scope.matcher()) : ReplaceableNews.NONE;
    CallSiteRewriter rewriter = CallSiteRewriter.create(next, scope, ids, bootstrap.owner(), codeSource, mayAddMethods,
        calls, news);
    reader.accept(rewriter, 0);
    for (String note : rewriter.notes()) {
      AgentLog.once(LogTopic.REWRITE_NOTE, note, note);
    }
    boolean changed = !rewriter.sites().isEmpty() || !plans.isEmpty();
    return new Pass(changed ? writer.toByteArray() : null, rewriter.sites(), rewriter.helpers());
  }

}
