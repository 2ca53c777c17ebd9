package dev.sunset.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.sunset.core.report.RecordedSites;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that reaches a call site its baseline does not list ({@code sunset.junit.failOnNew=true},
 * {@code sunset.junit.baseline=<report or scan>}), with one line per such site naming it and its rule. A listener
 * cannot fail a test, an extension can: Jupiter loads this one from {@code META-INF/services} when
 * {@code junit.jupiter.extensions.autodetection.enabled=true}, and it can be named with {@code @ExtendWith} too.
 *
 * <p>Keys are call sites (rule, class, method, line; for a class rule's site also its use and member, as
 * {@code sunset check} matches them: a field read beside a tolerated {@code new} on one line is new, while a baseline
 * entry naming no member, as files before class rules, tolerates every use at its site), so renaming a test changes
 * nothing. The window is the test's with its {@code @BeforeEach}
 * and {@code @AfterEach} methods. When another test ran during it (parallel execution), its calls cannot be told
 * apart, and this test is not failed for them: the tests file lists them under "while several tests ran".
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FailOnNewSites implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FailOnNewSites.class);
  private static final AtomicInteger RUNNING = new AtomicInteger();
  private static final AtomicLong STARTS = new AtomicLong();

  /** What was true as the test started. */
  private record Start(AgentCounts agent, RecordedSites baseline, Settings settings, long[] counts, long startNo,
      boolean alone) {}

  /** Made by Jupiter. */
  public FailOnNewSites() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    Settings settings;
    try {
      settings = Settings.from(context::getConfigurationParameter);
    } catch (Settings.Invalid e) {
      throw new ExtensionConfigurationException("sunset-junit: " + e.getMessage());
    }
    if (!settings.failOnNew()) {
      return;
    }
    if (settings.baseline() == null) {
      throw new ExtensionConfigurationException("sunset-junit: " + Settings.FAIL_ON_NEW + "=true needs "
          + Settings.BASELINE + "=<a report or scan>");
    }
    RecordedSites baseline;
    try {
      baseline = Baseline.read(settings.baseline());
    } catch (IOException e) {
      throw new ExtensionConfigurationException("sunset-junit: " + e.getMessage());
    }
    Optional<AgentCounts> agent = AgentCounts.find(settings.agentWaitMillis());
    if (agent.isEmpty()) {
      return; // no agent: nothing is counted, nothing can be new
    }
    long startNo = STARTS.incrementAndGet();
    boolean alone = RUNNING.incrementAndGet() == 1;
    context.getStore(NAMESPACE).put(Start.class,
        new Start(agent.get(), baseline, settings, agent.get().counts(), startNo, alone));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Start start = context.getStore(NAMESPACE).remove(Start.class, Start.class);
    if (start == null) {
      return;
    }
    long[] now = start.agent().counts();
    boolean alone = start.alone() && STARTS.get() == start.startNo();
    RUNNING.decrementAndGet();
    if (!alone) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (int id = 0; id < now.length; id++) {
      long before = id < start.counts().length ? start.counts()[id] : 0;
      if (now[id] > before) {
        AgentSite site = start.agent().site(id);
        if (!start.baseline().contains(site.key(), start.settings().match())) {
          lines.add("reached a legacy call site not in the baseline " + start.settings().baseline() + ": "
              + site.describe() + " (rule '" + site.getRule() + "')");
        }
      }
    }
    if (!lines.isEmpty()) {
      throw new AssertionError(dev.sunset.core.text.Printable.line(String.join("; ", lines)));
    }
  }
}
