package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.OriginalLines;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.Stage;
import java.lang.StackWalker.StackFrame;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the guards know of one class whose calls they caught: its sites, by where in the class each call came from
 * (the guard, the method, the instruction's offset, how it reached the legacy method), so that a call from an
 * instruction seen before is attributed from its frame's method name and offset alone. The frame's line (which the
 * JVM gives only by building a {@link StackTraceElement}) and its descriptor (which, from Java 21, builds a
 * {@code MethodType}, loading the classes it names) are read only at an instruction's first call; the descriptor
 * again at every call only when the class declares more than one method of that name.
 *
 * <p>An offset names one instruction only in the code the class runs now: a frame still running the code a class had
 * before the agent redefined it gives offsets into that code. The guards therefore never look a call up here from a
 * class the agent redefined ({@link #redefined}); those are attributed from their frame's line at every call.
 *
 * <p>Reads take no lock: the table is replaced, never changed, when an instruction is added.
 */
final class CallerFrames {
  /**
   * One instruction of the class that reached a guarded method: the site its calls are counted at, whether they are
   * the guarded method's own override calling {@code super} (run uncounted), and what was last decided for them.
   */
  static final class Entry {
    final Class<?> caller;
    final int guardId;
    final int bci;
    final Reach reach;
    final String method;
    /** The method's descriptor when its name is overloaded in the class (then it is part of the key), else null. */
    final String descriptor;
    final String fullDescriptor;
    final int line;
    final String file;
    final boolean superCall;
    /** The site the calls are counted at: made at the first call that is counted, never for the library's own. */
    private volatile CallSiteInfo site;
    /** Whether the call is on the rule's own library side, for the rule it was decided for. */
    private volatile LibrarySide librarySide;
    /** The stage the site runs at, for the generation of the rules it was computed for. */
    private volatile Linked linked;

    Entry(Class<?> caller, int guardId, int bci, Reach reach, String method, String descriptor, String fullDescriptor,
        int line, String file, CallSiteInfo site, boolean superCall) {
      this.caller = caller;
      this.guardId = guardId;
      this.bci = bci;
      this.reach = reach;
      this.method = method;
      this.descriptor = descriptor;
      this.fullDescriptor = fullDescriptor;
      this.line = line;
      this.file = file;
      this.site = site;
      this.superCall = superCall;
    }

    /** The site the calls are counted at, or null before the first counted one. */
    CallSiteInfo site() {
      return site;
    }

    void site(CallSiteInfo made) {
      site = made;
    }

    /** Whether the call is on {@code rule}'s library side, kept while the rule is the same object. */
    LibrarySide librarySide(ResolvedRule rule) {
      LibrarySide known = librarySide;
      return known != null && known.rule() == rule ? known : null;
    }

    void librarySide(LibrarySide decided) {
      librarySide = decided;
    }

    /** The stage kept for the rules' generation {@code now}, or null. */
    Stage stage(int now) {
      Linked known = linked;
      return known != null && known.generation() == now ? known.stage() : null;
    }

    void stage(int generation, Stage stage) {
      linked = new Linked(generation, stage);
    }

    private boolean matches(int guard, int offset, Reach via, String name, String desc) {
      return guardId == guard && bci == offset && reach == via && method.equals(name)
          && (descriptor == null ? desc == null : descriptor.equals(desc));
    }
  }

  /** Whether calls from an instruction are on a rule's library side, decided for that rule object. */
  record LibrarySide(ResolvedRule rule, boolean is) {}

  /** A stage computed for one generation of the rules. */
  record Linked(int generation, Stage stage) {}

  /** Where in the class a site is: the guard, the method, the instruction and how it reached the legacy method. */
  record FrameKey(int guardId, String method, String descriptor, int bci, Reach reach) {}

  /** The names a class declares more than one method of, or {@code every}: they could not be listed. */
  private record Overloads(Set<String> names, boolean every) {}

  private final Class<?> type;
  /** Every site caught in the class, by full key; written under this object's lock. */
  final Map<FrameKey, CallSiteInfo> sites = new ConcurrentHashMap<>();
  private volatile Entry[] table = new Entry[8];
  private int size;
  /** The names the class declares more than one method (or constructor) of; null until first needed. */
  private volatile Overloads overloaded;
  /** {@link CallSiteRegistry#originalLinesKept()} when {@link #original} was looked up; -1 before. */
  private volatile int linesLookedUpAt = -1;
  private volatile OriginalLines original;

  CallerFrames(Class<?> type) {
    this.type = type;
  }

  /**
   * The original line tables of the class when the agent redefined it, or null: a frame of such a class may be running
   * the code it had before, whose offsets the table cannot tell apart from the new code's.
   */
  OriginalLines redefined(CallSiteRegistry registry) {
    int kept = registry.originalLinesKept();
    if (linesLookedUpAt != kept) {
      original = registry.originalLines(type); // read after the count: a class kept since is found then
      linesLookedUpAt = kept;
    }
    return original;
  }

  /** Whether the class declares more than one method or constructor named {@code method} (true when unknown). */
  boolean isOverloaded(String method) {
    Overloads known = overloaded;
    if (known == null) {
      known = overloadsOf(type);
      overloaded = known;
    }
    return known.every() || known.names().contains(method);
  }

  /**
   * The entry of the instruction a frame is at, or null when it has not been seen; the frame's descriptor is read only
   * when an entry of that method name and offset is keyed by one (its name is overloaded in the class).
   */
  Entry find(int guardId, int bci, Reach reach, String method, StackFrame frame) {
    Entry[] t = table;
    int mask = t.length - 1;
    String descriptor = null;
    for (int i = slot(guardId, bci) & mask; ; i = (i + 1) & mask) {
      Entry e = t[i];
      if (e == null) {
        return null;
      }
      if (e.guardId == guardId && e.bci == bci && e.reach == reach && e.method.equals(method)) {
        if (e.descriptor == null) {
          return e;
        }
        if (descriptor == null) {
          descriptor = frame.getDescriptor();
        }
        if (e.descriptor.equals(descriptor)) {
          return e;
        }
      }
    }
  }

  /** The entry of an instruction, or null when it has not been seen. */
  private Entry find(int guardId, int bci, Reach reach, String method, String descriptor) {
    Entry[] t = table;
    int mask = t.length - 1;
    for (int i = slot(guardId, bci) & mask; ; i = (i + 1) & mask) {
      Entry e = t[i];
      if (e == null || e.matches(guardId, bci, reach, method, descriptor)) {
        return e;
      }
    }
  }

  /** Adds an instruction's entry, or returns the one another thread added first. */
  synchronized Entry add(Entry entry) {
    Entry found = find(entry.guardId, entry.bci, entry.reach, entry.method, entry.descriptor);
    if (found != null) {
      return found;
    }
    Entry[] t = table;
    if ((size + 1) * 2 > t.length) {
      Entry[] grown = new Entry[t.length * 2];
      for (Entry e : t) {
        if (e != null) {
          put(grown, e);
        }
      }
      t = grown;
    } else {
      t = t.clone();
    }
    put(t, entry);
    size++;
    table = t;
    return entry;
  }

  private static void put(Entry[] t, Entry e) {
    int mask = t.length - 1;
    int i = slot(e.guardId, e.bci) & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = e;
  }

  private static int slot(int guardId, int bci) {
    int h = guardId * 0x9E3779B9 + bci;
    return h ^ (h >>> 16);
  }

  /**
   * The names a class declares more than one method or constructor of; every name when its methods cannot be listed
   * (a type they name is missing, a security manager refuses): the descriptor is then read at every call.
   */
  private static Overloads overloadsOf(Class<?> type) {
    try {
      Set<String> seen = new HashSet<>();
      Set<String> twice = new HashSet<>();
      for (Method m : type.getDeclaredMethods()) {
        if (!seen.add(m.getName())) {
          twice.add(m.getName());
        }
      }
      Constructor<?>[] constructors = type.getDeclaredConstructors();
      if (constructors.length > 1) {
        twice.add("<init>");
      }
      return new Overloads(Set.copyOf(twice), false);
    } catch (LinkageError | RuntimeException e) {
      return new Overloads(Set.of(), true);
    }
  }
}
