package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.RolledBack;
import dev.sunset.agent.internal.registry.RolledBackSites;
import dev.sunset.core.rules.Rollback;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The rules' {@code rollback}s: which redirected call sites are watched (their linked target counts the exceptions the
 * replacement throws there into a per-site adder), the recent history of each watched site's redirected calls and
 * errors, and which sites have rolled back to {@code observe}.
 *
 * <p>Nothing here runs on the call path but {@link #countError}, and only when a replacement throws at a watched site.
 * The judging ({@link #judge}) runs on the agent's thread, once a second, from per-site samples kept over the window:
 * at most {@value #MAX_SAMPLES} + 1 samples of two longs per watched site (about 1 KiB), whatever the window; a window
 * longer than {@value #MAX_SAMPLES} seconds is sampled every {@code ceil(window / }{@value #MAX_SAMPLES}{@code )}
 * seconds, so the rate is judged over the window plus at most one sampling step. Only sites of rules with a
 * {@code rollback}, linked at a stage that runs the replacement, are watched.
 */
public final class Rollbacks {
  /** The most samples kept per watched site, beyond the oldest. */
  static final int MAX_SAMPLES = 60;

  /** {@code (LongAdder, Throwable)Throwable}: counts one error and gives the exception back. */
  private static final class Handles {
    static final MethodHandle COUNT_ERROR;

    static {
      try {
        COUNT_ERROR = MethodHandles.lookup().findStatic(Rollbacks.class, "countError",
            MethodType.methodType(Throwable.class, LongAdder.class, Throwable.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Handles() {}
  }

  /** A rollback the judge found: the site, the rule, and why. */
  public record Verdict(CallSiteInfo site, RuleSpec rule, RolledBack rolledBack) {}

  /** One watched site: its errors and its samples of (redirected calls, errors), oldest first, in a ring. */
  private static final class Watch {
    final CallSiteInfo site;
    final RuleSpec rule;
    final Rollback rollback;
    final LongAdder errors = new LongAdder();
    final int stride;
    final long[] calls;
    final long[] errorSamples;
    int oldest;
    int size;
    long ticks;

    Watch(CallSiteInfo site, RuleSpec rule) {
      this.site = site;
      this.rule = rule;
      this.rollback = rule.rollback();
      long seconds = rollback.within().getSeconds();
      int steps = (int) Math.min(seconds, MAX_SAMPLES);
      this.stride = (int) ((seconds + steps - 1) / steps);
      this.calls = new long[steps + 1];
      this.errorSamples = new long[steps + 1];
    }

    void add(long callsNow, long errorsNow) {
      int at = (oldest + size) % calls.length;
      if (size == calls.length) {
        oldest = (oldest + 1) % calls.length;
      } else {
        size++;
      }
      calls[at] = callsNow;
      errorSamples[at] = errorsNow;
    }
  }

  private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
  private final RolledBackSites rolledBack;

  /** Rollbacks that record the sites rolled back in {@code rolledBack}. */
  public Rollbacks(RolledBackSites rolledBack) {
    this.rolledBack = rolledBack;
  }

  /** Counts one error of a watched site and gives the exception back, to be rethrown as it was. */
  static Throwable countError(LongAdder errors, Throwable thrown) {
    errors.increment();
    return thrown;
  }

  /**
   * {@code target}, whose exceptions are counted into the site's errors and rethrown unchanged: what a watched site
   * runs at a stage that runs the replacement. Starts watching the site (a site never called starts from zero; any
   * other from the judge's first look at it).
   */
  MethodHandle countingErrors(CallSiteInfo site, RuleSpec rule, MethodHandle target) {
    Watch watch;
    synchronized (watches) {
      watch = watches.get(site.id());
      if (watch == null || !watch.rule.sameDefinition(rule)) {
        watch = new Watch(site, rule);
        watches.put(site.id(), watch);
      }
    }
    synchronized (watch) {
      if (!site.hasBeenCalled() && watch.size == 0) {
        watch.add(0, 0);
      }
    }
    MethodType type = target.type();
    MethodHandle rethrow = MethodHandles.throwException(type.returnType(), Throwable.class);
    MethodHandle handler = MethodHandles.filterArguments(rethrow, 0, Handles.COUNT_ERROR.bindTo(watch.errors));
    handler = MethodHandles.dropArguments(handler, 1, type.parameterList());
    return MethodHandles.catchException(target, Throwable.class, handler);
  }

  /** Stops watching a site: it no longer runs the replacement with its errors counted. */
  void unwatch(int siteId) {
    synchronized (watches) {
      watches.remove(siteId);
    }
  }

  /** Whether any site is watched. */
  public boolean watching() {
    return !watches.isEmpty();
  }

  /**
   * Samples each watched site and finds those whose redirected calls threw too often within their window; marks them
   * rolled back (the caller relinks them). {@code totals} are the counters' slots summed now ({@link
   * CounterSlots#slot}); {@code errorsFirst} must have been read before them ({@link #errorsNow}), so that no error
   * is seen without its call.
   */
  public List<Verdict> judge(Map<Integer, Long> errorsFirst, long[] totals, Instant now) {
    return judge(errorsFirst, totals, now, null);
  }

  /**
   * {@link #judge(Map, long[], Instant)}, recording each rollback against the rule {@code ruleNow} gives in force at
   * its site (the watch's own when null or when it gives none): an edit of the rule that did not relink the site (its
   * allow list, say) must not leave the rollback recorded against the rule as it was.
   */
  public List<Verdict> judge(Map<Integer, Long> errorsFirst, long[] totals, Instant now,
      Function<CallSiteInfo, RuleSpec> ruleNow) {
    List<Verdict> verdicts = new ArrayList<>();
    for (Watch w : watches.values()) {
      Long errorsNow = errorsFirst.get(w.site.id());
      int redirect = CounterSlots.slot(w.site.id(), Stage.REDIRECT);
      int warn = CounterSlots.slot(w.site.id(), Stage.WARN);
      if (errorsNow == null || warn >= totals.length) {
        continue; // watched since the errors were read: next turn
      }
      long callsNow = totals[redirect] + totals[warn];
      long calls;
      long errors;
      synchronized (w) {
        if (w.size == 0) {
          w.add(callsNow, errorsNow); // the first look: judged from here on
          continue;
        }
        if (++w.ticks % w.stride == 0) {
          w.add(callsNow, errorsNow);
        }
        calls = callsNow - w.calls[w.oldest];
        errors = errorsNow - w.errorSamples[w.oldest];
      }
      if (w.rollback.exceededBy(calls, errors) && removeWatch(w)) {
        RuleSpec rule = ruleNow == null ? null : ruleNow.apply(w.site);
        rule = rule == null ? w.rule : rule;
        RolledBack r = new RolledBack(now, reason(w.rollback, calls, errors), rule);
        rolledBack.rollBack(w.site, r);
        verdicts.add(new Verdict(w.site, rule, r));
      }
    }
    return verdicts;
  }

  private boolean removeWatch(Watch w) {
    synchronized (watches) {
      return watches.remove(w.site.id(), w);
    }
  }

  /** Each watched site's errors so far, read before the call counts. */
  public Map<Integer, Long> errorsNow() {
    Map<Integer, Long> errors = new ConcurrentHashMap<>();
    for (Watch w : watches.values()) {
      errors.put(w.site.id(), w.errors.sum());
    }
    return errors;
  }

  /** {@code 7 of 120 redirected calls (5.8%) threw within 10s (rollback above 5%, at least 50 calls)}. */
  static String reason(Rollback rollback, long calls, long errors) {
    BigDecimal percent = BigDecimal.valueOf(errors).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(calls), 1, RoundingMode.HALF_UP);
    return errors + " of " + calls + " redirected calls (" + percent.toPlainString() + "%) threw within "
        + rollback.withinForPeople() + " (rollback above " + rollback.percentForPeople() + ", at least "
        + rollback.minCalls() + " calls)";
  }
}
