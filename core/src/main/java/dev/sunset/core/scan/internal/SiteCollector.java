package dev.sunset.core.scan.internal;

import dev.sunset.core.match.CallContext;
import dev.sunset.core.match.CallMatch;
import dev.sunset.core.match.LegacyCallMatcher;
import dev.sunset.core.match.LegacyCallVisitor;
import dev.sunset.core.scan.ScannedSite;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;

/**
 * Lists the legacy calls of one class: the agent's own visitor ({@link LegacyCallVisitor}) with nothing
 * rewritten, so that a scan and the agent's report name the same sites on the same lines.
 */
final class SiteCollector extends LegacyCallVisitor {
  private final String codeSource;
  private final List<ScannedSite> sites = new ArrayList<>();

  SiteCollector(LegacyCallMatcher matcher, String codeSource) {
    super(null, matcher);
    this.codeSource = codeSource;
  }

  List<ScannedSite> sites() {
    return sites;
  }

  @Override
  protected boolean visitLegacyCall(MethodVisitor next, CallContext where, CallMatch match, int opcode, String owner,
      String name, String descriptor, boolean isInterface) {
    sites.add(site(where, match, false));
    return false;
  }

  @Override
  protected Object[] visitLegacyReference(CallContext where, CallMatch match, Handle implementation,
      boolean serializable, Object[] bootstrapArguments) {
    sites.add(site(where, match, true));
    return bootstrapArguments;
  }

  @Override
  protected void visitLegacyUse(MethodVisitor next, CallContext where, CallMatch match) {
    sites.add(site(where, match, false));
  }

  @Override
  protected void visitTypeReference(CallContext where, CallMatch match) {
    sites.add(site(where, match, false));
  }

  private ScannedSite site(CallContext where, CallMatch match, boolean reference) {
    return new ScannedSite(match.rule().id(), where.binaryName(), where.methodName(), where.methodDescriptor(),
        where.sourceFile(), where.line(), codeSource,
        match.throughSubtype() ? match.calledOwner().replace('/', '.') : null, reference, match.use(),
        match.rule().memberForPeople());
  }
}
