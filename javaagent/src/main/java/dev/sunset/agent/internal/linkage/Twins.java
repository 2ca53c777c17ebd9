package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.registry.Guard;
import dev.sunset.agent.internal.registry.GuardRegistry;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Finds the guard-free copy (the twin) of a guarded legacy method's body, so that a rewritten call site at
 * {@code observe} runs the legacy code without passing the guard that catches uncovered calls; where the guard
 * has no twin (its class was loaded before the agent attached), the legacy method itself with a
 * {@link CountedMark} the guard honours.
 *
 * <p>Twins are private; they are reached through a private lookup in their class, which an unnamed module
 * (every class-path and web-app class) always grants. For a method that may be overridden, the twin is
 * chosen per receiver class, by the implementation the call would dispatch to.
 */
final class Twins {
  private static final MethodHandles.Lookup OWN = MethodHandles.lookup();
  private static final MethodHandle SELECT;

  static {
    try {
      SELECT = OWN.findVirtual(Dispatch.class, "select", MethodType.methodType(MethodHandle.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Twins() {}

  /** Whether a call of this method may dispatch to an override in a subclass. */
  static boolean overridable(Class<?> declaring, MethodHandleInfo info) {
    int m = info.getModifiers();
    return !Modifier.isStatic(m) && !Modifier.isFinal(m) && !Modifier.isPrivate(m)
        && !Modifier.isFinal(declaring.getModifiers());
  }

  /**
   * What a rewritten site at {@code observe} runs for a call that would run the body of {@code name} in {@code cls}:
   * {@code plain} (that call, of type {@code type}) when the body carries no guard, its twin when the guard has
   * one, else {@code plain} marked for that guard.
   */
  static MethodHandle guardFree(GuardRegistry guards, Class<?> cls, String name, MethodType methodType,
      boolean isStatic, MethodHandle plain, MethodType type) {
    Guard guard = guards.guardOf(cls.getClassLoader(), cls.getName(), name, methodType.toMethodDescriptorString());
    if (guard == null) {
      return plain.asType(type);
    }
    if (!guard.hasTwin()) {
      return CountedMark.around(plain.asType(type), guard);
    }
    MethodHandle twin = twinOf(guard, cls, methodType, isStatic);
    return (twin == null ? plain : twin).asType(type);
  }

  /** The twin of a guard that has one, in {@code cls}; null if it cannot be found. */
  private static MethodHandle twinOf(Guard guard, Class<?> cls, MethodType type, boolean isStatic) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(cls, OWN);
      return isStatic ? lookup.findStatic(cls, guard.twinName(), type)
          : lookup.findSpecial(cls, guard.twinName(), type, cls);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * A guarded method's own guard-free body, from the lookup of its class, adapted to {@code type}: its twin, or, for
   * a guard without one, the method itself marked so that its guard lets the call through uncounted.
   */
  static MethodHandle ownTwin(MethodHandles.Lookup guarded, Guard guard, MethodType type)
      throws ReflectiveOperationException {
    Class<?> cls = guarded.lookupClass();
    MethodType own = MethodType.fromMethodDescriptorString(guard.methodDescriptor(), cls.getClassLoader());
    boolean isStatic = own.parameterCount() == type.parameterCount();
    String name = guard.hasTwin() ? guard.twinName() : guard.methodName();
    MethodHandle body = isStatic ? guarded.findStatic(cls, name, own) : guarded.findSpecial(cls, name, own, cls);
    return guard.hasTwin() ? body.asType(type) : CountedMark.around(body.asType(type), guard);
  }

  /**
   * A target for {@code type} (receiver first) that runs, per receiver class, the twin of the body the call
   * dispatches to, or the plain virtual call when that body carries no guard.
   */
  static MethodHandle dispatching(GuardRegistry guards, MethodHandle legacy, MethodHandleInfo info, MethodType type) {
    Dispatch dispatch = new Dispatch(guards, legacy.asType(type), info.getDeclaringClass(), info.getName(),
        info.getMethodType(), type);
    MethodHandle select = SELECT.bindTo(dispatch).asType(MethodType.methodType(MethodHandle.class, type.parameterType(0)));
    select = MethodHandles.dropArguments(select, 1, type.parameterList().subList(1, type.parameterCount()));
    return MethodHandles.foldArguments(MethodHandles.exactInvoker(type), select);
  }

  /** The target per receiver class. */
  static final class Dispatch extends ClassValue<MethodHandle> {
    private final GuardRegistry guards;
    private final MethodHandle plain;
    private final Class<?> declaring;
    private final String name;
    private final MethodType methodType;
    private final MethodType type;

    Dispatch(GuardRegistry guards, MethodHandle plain, Class<?> declaring, String name, MethodType methodType,
        MethodType type) {
      this.guards = guards;
      this.plain = plain;
      this.declaring = declaring;
      this.name = name;
      this.methodType = methodType;
      this.type = type;
    }

    /** The target for a receiver; a null receiver fails as the call would. */
    MethodHandle select(Object receiver) {
      return get(receiver.getClass());
    }

    @Override
    protected MethodHandle computeValue(Class<?> receiverClass) {
      Class<?> impl = implementing(receiverClass);
      return guardFree(guards, impl == null ? declaring : impl, name, methodType, false, plain, type);
    }

    /** The class in the receiver's superclass chain whose body the call runs, or null (a default method). */
    private Class<?> implementing(Class<?> c) {
      for (Class<?> k = c; k != null; k = k.getSuperclass()) {
        try {
          Method m = k.getDeclaredMethod(name, methodType.parameterArray());
          if (!Modifier.isAbstract(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
              && m.getReturnType() == methodType.returnType()) {
            return k;
          }
        } catch (NoSuchMethodException | LinkageError | SecurityException e) {
          // not declared here
        }
      }
      return null;
    }
  }
}
