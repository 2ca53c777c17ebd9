package dev.sunset.agent.internal.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Every guard woven in this JVM, by id and by guarded method. */
public final class GuardRegistry {
  private final AtomicInteger nextId = new AtomicInteger();
  private final SlotTable<Guard> byId = new SlotTable<>(null);
  private final Map<String, List<Guard>> byMethod = new ConcurrentHashMap<>();

  /** Reserves an id for a guard being woven; it stays unused if the class is left unchanged. */
  public int reserveId() {
    return nextId.getAndIncrement();
  }

  /** Registers a guard once its class has been rewritten. */
  public void register(Guard guard) {
    byId.put(guard.id(), guard);
    byMethod.computeIfAbsent(key(guard.guardedClass(), guard.methodName(), guard.methodDescriptor()),
        k -> new CopyOnWriteArrayList<>()).add(guard);
  }

  /** The guard with this id, or null. */
  public Guard guard(int id) {
    return byId.get(id);
  }

  /** The guard of a method of a class (binary name) defined by {@code loader}, or null. */
  public Guard guardOf(ClassLoader loader, String className, String methodName, String descriptor) {
    List<Guard> guards = byMethod.get(key(className, methodName, descriptor));
    if (guards != null) {
      for (Guard g : guards) {
        if (g.scope().isFor(loader)) {
          return g;
        }
      }
    }
    return null;
  }

  /** Whether any guard is woven: the linker only looks for twins then. */
  public boolean isEmpty() {
    return byMethod.isEmpty();
  }

  private static String key(String className, String methodName, String descriptor) {
    return className + "." + methodName + descriptor;
  }
}
