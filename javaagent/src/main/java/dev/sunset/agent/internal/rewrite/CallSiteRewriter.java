package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.linkage.IndyBootstrap;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.registry.ReferenceHelper;
import dev.sunset.agent.internal.registry.SharedNames;
import dev.sunset.agent.internal.rules.LoaderRules;
import dev.sunset.core.match.CallContext;
import dev.sunset.core.match.CallMatch;
import dev.sunset.core.format.Use;
import dev.sunset.core.match.LegacyCallVisitor;
import dev.sunset.core.resolve.ResolvedRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites, in one pass over a class, every invoke instruction that calls a legacy method into an
 * {@code invokedynamic} with the same operand-stack shape, and every method reference to a legacy method
 * into a reference to a small synthetic method holding such an {@code invokedynamic}.
 *
 * <p>A class loaded before the agent attached may not gain methods: there the synthetic method goes into a helper
 * class of its own ({@link ReferenceHelper}), and the reference's {@code LambdaMetafactory} bootstrap becomes the
 * agent's reference bootstrap, which defines the helper in the class's package when the reference first links and
 * points the reference at it (see {@code CallSiteLinker.linkReference}).
 *
 * <p>The sites found are collected, not registered: the caller registers them only once the whole class
 * has been rewritten. A class's calls to a rule's legacy method pass unchanged when the class is that rule's legacy
 * owner or replacement (the matcher decides, as it does for a scan).
 */
final class CallSiteRewriter extends LegacyCallVisitor {
  /**
   * The method handle constant a use site passes where a call site passes its legacy method: never called, and
   * public in {@code java.base}, so that resolving it can fail in no class.
   */
  private static final Handle USE_PLACEHOLDER = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/Thread", "onSpinWait",
      "()V", false);

  /** The static method of a reference's helper class. */
  private static final String HELPER_METHOD = "ref";

  private final LoaderRules scope;
  private final IntSupplier ids;
  private final Handle bootstrap;
  private final String codeSource;
  private final boolean mayAddMethods;
  private final boolean rewritesCalls;
  private final List<CallSiteInfo> sites = new ArrayList<>();
  private String binaryName;
  private final List<String> notes = new ArrayList<>();
  private final List<SyntheticReference> synthetic = new ArrayList<>();
  private final List<ReferenceHelper> helpers = new ArrayList<>();
  private final Set<Object[]> swapped;

  /**
   * A class rule's constructor reference turned into a counted {@code new} in a synthetic method; {@code replaced}: the
   * construction itself is the counted instruction, which the adapter's factory can stand in for.
   */
  private record SyntheticConstructor(String name, String descriptor, Handle constructor, int siteId,
      boolean replaced) {}

  private final List<SyntheticConstructor> constructors = new ArrayList<>();

  /** A legacy method reference turned into a call from a synthetic method. */
  private record SyntheticReference(String name, String descriptor, Handle legacy, int siteId) {}

  private final ReplaceableNews news;

  private CallSiteRewriter(ClassVisitor next, LoaderRules scope, IntSupplier ids, String bootstrapOwner,
      String codeSource, boolean mayAddMethods, boolean rewritesCalls, Set<Object[]> swapped, ReplaceableNews news) {
    super(next, scope.matcher());
    this.news = news;
    this.swapped = swapped;
    this.scope = scope;
    this.ids = ids;
    this.bootstrap = new Handle(Opcodes.H_INVOKESTATIC, bootstrapOwner, IndyBootstrap.METHOD, IndyBootstrap.DESCRIPTOR,
        false);
    this.codeSource = codeSource;
    this.mayAddMethods = mayAddMethods;
    this.rewritesCalls = rewritesCalls;
  }

  /**
   * A rewriter passing its output to {@code next}. {@code mayAddMethods}: whether the class is being defined (a
   * class being redefined may gain no method); {@code rewritesCalls}: whether calls are rewritten at all;
   * {@code news}: the {@code new} instructions whose constructor call becomes one instruction that makes the object.
   */
  static CallSiteRewriter create(ClassVisitor next, LoaderRules scope, IntSupplier ids, String bootstrapOwner,
      String codeSource, boolean mayAddMethods, boolean rewritesCalls, ReplaceableNews news) {
    Set<Object[]> swapped = Collections.newSetFromMap(new IdentityHashMap<>());
    ClassVisitor after = mayAddMethods ? next : new ReferenceBootstraps(next, swapped, bootstrapOwner);
    return new CallSiteRewriter(after, scope, ids, bootstrapOwner, codeSource, mayAddMethods, rewritesCalls, swapped,
        rewritesCalls ? news : ReplaceableNews.NONE);
  }

  /** The helper classes of the references rewritten in a class being redefined, to be kept with their sites. */
  List<ReferenceHelper> helpers() {
    return helpers;
  }

  /** The sites rewritten, to be registered once the class is complete. */
  List<CallSiteInfo> sites() {
    return sites;
  }

  /** Things worth telling the user once, such as references that could not be rewritten. */
  List<String> notes() {
    return notes;
  }

  @Override
  protected boolean visitLegacyCall(MethodVisitor next, CallContext where, CallMatch match, int opcode, String owner,
      String name, String descriptor, boolean isInterface) {
    if (!rewritesCalls || next == null) {
      return false;
    }
    ResolvedRule rule = match.rule();
    int id = newSite(where, match, Reach.REWRITTEN_CALL);
    next.visitInvokeDynamicInsn(name, indyDescriptor(rule, owner, descriptor), bootstrap,
        legacyHandle(rule, owner, name, descriptor, isInterface), id);
    return true;
  }

  @Override
  protected Object[] visitLegacyReference(CallContext where, CallMatch match, Handle impl, boolean serializable,
      Object[] args) {
    if (!rewritesCalls) {
      return args;
    }
    ResolvedRule rule = match.rule();
    if (match.use() == Use.NEW) {
      return constructorReference(where, match, impl, serializable, args);
    }
    if (serializable) {
      notes.add("method reference to " + rule.spec().legacyText() + " in " + where.binaryName() + "." + where.methodName()
          + " (line " + where.line() + ") is not rewritten: it is serializable; its calls are caught at the legacy method");
      return args;
    }
    int id = newSite(where, match, Reach.REWRITTEN_REFERENCE);
    if (!mayAddMethods) {
      helpers.add(helper(id, rule, impl));
      Object[] rewritten = Arrays.copyOf(args, args.length + 1);
      rewritten[args.length] = id;
      swapped.add(rewritten); // ReferenceBootstraps, next in line, gives it the agent's bootstrap
      return rewritten;
    }
    String synthName = "sunset$legacyRef$" + id;
    String synthDesc = indyDescriptor(rule, impl.getOwner(), impl.getDesc());
    Handle legacy = legacyHandle(rule, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface());
    synthetic.add(new SyntheticReference(synthName, synthDesc, legacy, id));
    Object[] rewritten = args.clone();
    rewritten[1] = new Handle(Opcodes.H_INVOKESTATIC, className(), synthName, synthDesc, isInterface());
    return rewritten;
  }

  /**
   * A class rule's use other than a call (a constructor call, a field access, a lookup by name, a subclass's
   * initialisation): an {@code invokedynamic} of type {@code ()V} put just before the instruction, which takes and
   * leaves nothing on the operand stack, so no frame changes. Linked, it counts the use and, by stage, does nothing
   * more, warns or throws the denial ({@link IndyBootstrap#USE}); the instruction after it runs as it was.
   */
  @Override
  protected void visitLegacyUse(MethodVisitor next, CallContext where, CallMatch match) {
    if (!rewritesCalls || next == null) {
      return;
    }
    int id = newSite(where, match, Reach.rewritten(match.use()));
    next.visitInvokeDynamicInsn(IndyBootstrap.USE, "()V", bootstrap, USE_PLACEHOLDER, id);
  }

  /**
   * A read or write of a class rule's field with a counterpart in the rule's adapter (its getter or setter): the
   * instruction itself becomes an {@code invokedynamic} of the same effect on the operand stack ({@code (LOwner;)T},
   * {@code ()T}, {@code (LOwner;T)V}, {@code (T)V}), its static argument the field's own getter or setter handle,
   * resolved by the JVM as the instruction would be. Linked, it counts the use and runs that handle, the counterpart, or
   * the denial, by stage. A field access without a counterpart keeps its counted instruction before it
   * ({@link #visitLegacyUse}).
   */
  @Override
  protected boolean visitLegacyFieldAccess(MethodVisitor next, CallContext where, CallMatch match, int opcode,
      String owner, String name, String descriptor) {
    if (!rewritesCalls || next == null || !match.rule().redirects(match.use())) {
      return false;
    }
    int id = newSite(where, match, Reach.replaced(match.use()));
    String self = "L" + owner + ";";
    record Access(int tag, String type, String indyName) {}
    Access access = switch (opcode) {
      case Opcodes.GETFIELD -> new Access(Opcodes.H_GETFIELD, "(" + self + ")" + descriptor, IndyBootstrap.FIELD_GET);
      case Opcodes.GETSTATIC -> new Access(Opcodes.H_GETSTATIC, "()" + descriptor, IndyBootstrap.FIELD_GET);
      case Opcodes.PUTFIELD -> new Access(Opcodes.H_PUTFIELD, "(" + self + descriptor + ")V", IndyBootstrap.FIELD_PUT);
      default -> new Access(Opcodes.H_PUTSTATIC, "(" + descriptor + ")V", IndyBootstrap.FIELD_PUT);
    };
    next.visitInvokeDynamicInsn(access.indyName(), access.type(), bootstrap,
        new Handle(access.tag(), owner, name, descriptor, false), id);
    return true;
  }

  @Override
  protected boolean dropsNew(String methodName, String methodDescriptor, int index) {
    return news.replaces(methodName, methodDescriptor, index);
  }

  /**
   * The constructor call of a {@code new} left out with its {@code dup} ({@link ReplaceableNews}): an
   * {@code invokedynamic} {@code (P...)LOwner;} taking the arguments and leaving the object, its static argument the
   * constructor's handle. Linked, it counts the use and runs the constructor, the adapter's factory, or the denial.
   */
  @Override
  protected void visitLegacyConstruction(MethodVisitor next, CallContext where, CallMatch match, String owner,
      String descriptor) {
    int id = newSite(where, match, Reach.REPLACED_NEW);
    next.visitInvokeDynamicInsn(IndyBootstrap.NEW, constructionDescriptor(owner, descriptor), bootstrap,
        new Handle(Opcodes.H_NEWINVOKESPECIAL, owner, "<init>", descriptor, false), id);
  }

  /** {@code (P...)LOwner;} of a constructor {@code (P...)V}. */
  private static String constructionDescriptor(String owner, String constructorDescriptor) {
    return Type.getMethodDescriptor(Type.getObjectType(owner), Type.getArgumentTypes(constructorDescriptor));
  }

  @Override
  protected boolean addsClassInitializer() {
    return rewritesCalls && mayAddMethods;
  }

  /**
   * A constructor reference of a class rule's class ({@code Legacy::new}): pointed at a synthetic static method that
   * counts the use ({@link #visitLegacyUse}'s instruction) and constructs, with the constructor's parameters and its
   * class as result, so the reference's types stay as they were. A serializable one, or one in a class being
   * redefined (which may gain no method), is left as it was and said once: its constructions are not counted.
   */
  private Object[] constructorReference(CallContext where, CallMatch match, Handle impl, boolean serializable,
      Object[] args) {
    if (serializable || !mayAddMethods) {
      notes.add("constructor reference " + impl.getOwner().replace('/', '.') + "::new in " + where.binaryName() + "."
          + where.methodName() + " (line " + where.line() + ") is not counted: it is "
          + (serializable ? "serializable" : "in a class loaded before the agent attached"));
      return args;
    }
    boolean replaced = match.rule().redirects(Use.NEW);
    int id = newSite(where, match, replaced ? Reach.REPLACED_NEW : Reach.REWRITTEN_NEW);
    String synthName = "sunset$legacyNew$" + id;
    String synthDesc = constructionDescriptor(impl.getOwner(), impl.getDesc());
    constructors.add(new SyntheticConstructor(synthName, synthDesc, impl, id, replaced));
    Object[] rewritten = args.clone();
    rewritten[1] = new Handle(Opcodes.H_INVOKESTATIC, className(), synthName, synthDesc, isInterface());
    return rewritten;
  }

  /**
   * The body of a constructor reference's synthetic method: count, then {@code new} with its arguments; or, where the
   * constructor has a counterpart, the arguments to the counted instruction that makes the object.
   */
  private void writeConstructor(SyntheticConstructor ref) {
    // straight to the next visitor: its new is the counted use itself, not another site to find
    MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
        ref.name(), ref.descriptor(), null, null);
    mv.visitCode();
    if (ref.replaced()) {
      int slot = 0;
      for (Type arg : Type.getArgumentTypes(ref.descriptor())) {
        mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
        slot += arg.getSize();
      }
      mv.visitInvokeDynamicInsn(IndyBootstrap.NEW, ref.descriptor(), bootstrap, ref.constructor(), ref.siteId());
      mv.visitInsn(Opcodes.ARETURN);
      mv.visitMaxs(Math.max(slot, 1), slot);
      mv.visitEnd();
      return;
    }
    mv.visitInvokeDynamicInsn(IndyBootstrap.USE, "()V", bootstrap, USE_PLACEHOLDER, ref.siteId());
    String owner = ref.constructor().getOwner();
    mv.visitTypeInsn(Opcodes.NEW, owner);
    mv.visitInsn(Opcodes.DUP);
    int slot = 0;
    for (Type arg : Type.getArgumentTypes(ref.descriptor())) {
      mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
      slot += arg.getSize();
    }
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", ref.constructor().getDesc(), false);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(slot + 2, slot);
    mv.visitEnd();
  }

  @Override
  public void visitEnd() {
    for (SyntheticConstructor ref : constructors) {
      writeConstructor(ref);
    }
    for (SyntheticReference ref : synthetic) {
      writeSynthetic(ref);
    }
    super.visitEnd();
  }

  private static Handle legacyHandle(ResolvedRule rule, String owner, String name, String descriptor, boolean itf) {
    int tag = rule.legacy().isStatic() ? Opcodes.H_INVOKESTATIC : itf ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL;
    return new Handle(tag, owner, name, descriptor, itf);
  }

  private static String indyDescriptor(ResolvedRule rule, String owner, String descriptor) {
    return rule.legacy().isStatic() ? descriptor : "(L" + owner + ";" + descriptor.substring(1);
  }

  private int newSite(CallContext where, CallMatch match, Reach reach) {
    int id = ids.getAsInt();
    if (binaryName == null) {
      binaryName = where.binaryName(); // one copy for every site of the class
    }
    sites.add(new CallSiteInfo(id, match.rule().id(), match.rule().spec().legacy().kind(),
        SharedNames.of(match.rule().legacy().key()), binaryName, where.methodName(), where.methodDescriptor(),
        where.sourceFile(), where.line(), codeSource, reach,
        match.throughSubtype() ? match.calledOwner().replace('/', '.') : null, scope));
    return id;
  }

  private void writeSynthetic(SyntheticReference ref) {
    MethodVisitor mv = super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
        ref.name(), ref.descriptor(), null, null);
    writeCall(mv, ref);
  }

  /**
   * The helper class of a reference in a class being redefined: {@code <class>$$SunsetRef$<id>}, in the same
   * package, whose one public static method holds the counted call the reference's synthetic method would.
   */
  private ReferenceHelper helper(int id, ResolvedRule rule, Handle impl) {
    String name = className() + "$$SunsetRef$" + id;
    String descriptor = indyDescriptor(rule, impl.getOwner(), impl.getDesc());
    Handle legacy = legacyHandle(rule, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface());
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, name, null,
        "java/lang/Object", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, HELPER_METHOD, descriptor, null, null);
    writeCall(mv, new SyntheticReference(HELPER_METHOD, descriptor, legacy, id));
    cw.visitEnd();
    return new ReferenceHelper(id, name.replace('/', '.'), cw.toByteArray(), HELPER_METHOD, descriptor, legacy.getTag(),
        impl.getOwner(), impl.getName(), impl.getDesc());
  }

  /** The body of a reference's synthetic method: its arguments to the counted call, and back. */
  private void writeCall(MethodVisitor mv, SyntheticReference ref) {
    mv.visitCode();
    Type[] args = Type.getArgumentTypes(ref.descriptor());
    int slot = 0;
    for (Type arg : args) {
      mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
      slot += arg.getSize();
    }
    mv.visitInvokeDynamicInsn(ref.legacy().getName(), ref.descriptor(), bootstrap, ref.legacy(), ref.siteId());
    Type returnType = Type.getReturnType(ref.descriptor());
    mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    mv.visitMaxs(Math.max(slot, returnType.getSize()), slot);
    mv.visitEnd();
  }

  /**
   * Gives the {@code LambdaMetafactory} bootstraps of the references rewritten without a synthetic method (their
   * static arguments, now ending with the site id, are known by identity) the agent's reference bootstrap.
   */
  private static final class ReferenceBootstraps extends ClassVisitor {
    private final Set<Object[]> swapped;
    private final Handle referenceBootstrap;

    ReferenceBootstraps(ClassVisitor next, Set<Object[]> swapped, String bootstrapOwner) {
      super(Opcodes.ASM9, next);
      this.swapped = swapped;
      this.referenceBootstrap = new Handle(Opcodes.H_INVOKESTATIC, bootstrapOwner, IndyBootstrap.REFERENCE_METHOD,
          IndyBootstrap.REFERENCE_DESCRIPTOR, false);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (next == null) {
        return null;
      }
      return new MethodVisitor(Opcodes.ASM9, next) {
        @Override
        public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bsm, Object... args) {
          super.visitInvokeDynamicInsn(indyName, indyDescriptor, swapped.contains(args) ? referenceBootstrap : bsm,
              args);
        }
      };
    }
  }
}
