package dev.sunset.junit;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The attached agent's counts, through its MXBean. One per JVM: the listener and the extension share it. Nothing here
 * is on the agent's call path; each read sums the agent's counters once.
 */
final class AgentCounts {
  /** The class the agent defines in the boot loader: present exactly when an agent is attached. */
  static final String DISPATCHER = "java.lang.SunsetBootstrapDispatcher";
  static final String MBEAN = "dev.sunset:type=Rules";

  private static AgentCounts shared;
  private static boolean looked;

  private final AgentCountsMXBean mbean;
  private final Map<Integer, AgentSite> sites = new HashMap<>();

  private AgentCounts(AgentCountsMXBean mbean) {
    this.mbean = mbean;
  }

  /**
   * The agent's counts, or empty when no agent is attached (then nothing is looked up again). The agent registers its
   * MXBean within a second of the platform MBean server's existence, which this creates: it waits that long, at most
   * {@code waitMillis}.
   */
  static synchronized Optional<AgentCounts> find(long waitMillis) {
    if (looked) {
      return Optional.ofNullable(shared);
    }
    looked = true;
    try {
      Class.forName(DISPATCHER, false, null);
    } catch (ClassNotFoundException e) {
      return Optional.empty(); // no agent: the tests run as they would without this jar
    }
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = name();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (!server.isRegistered(name)) {
        if (System.nanoTime() > deadline) {
          Messages.once("the Sunset agent is attached but its MBean " + MBEAN + " did not appear within " + waitMillis
              + " ms (sunset.junit.agentWaitMillis); calls are not attributed to tests");
          return Optional.empty();
        }
        Thread.sleep(20);
      }
      AgentCounts counts = new AgentCounts(JMX.newMXBeanProxy(server, name, AgentCountsMXBean.class));
      counts.counts(); // an agent without CallCounts fails here, once
      shared = counts;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      Messages.once("cannot read the Sunset agent's counts through " + MBEAN + " (" + e + "); calls are not attributed"
          + " to tests");
    }
    return Optional.ofNullable(shared);
  }

  private static ObjectName name() {
    try {
      return new ObjectName(MBEAN);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every call counted so far, by site id. */
  long[] counts() {
    return mbean.getCallCounts();
  }

  /** The site with this id (sites never change once registered, so each is asked for once). */
  synchronized AgentSite site(int id) {
    AgentSite s = sites.get(id);
    if (s == null) {
      for (AgentSite each : mbean.getCallSites()) {
        sites.put(each.getId(), each);
      }
      s = sites.get(id);
      if (s == null) { // counted but not registered: cannot happen, a site registers before it links
        s = new AgentSite(id, "?", "?", "?", null, null, 0, null);
      }
    }
    return s;
  }
}
