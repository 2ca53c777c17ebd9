package dev.sunset.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The part of the agent's {@code dev.sunset:type=Rules} MXBean this jar reads: read-only, by attribute name, so that
 * the agent's classes (on the system class path, relocated) are never named from the test class path.
 */
@API(status = INTERNAL, since = "0.1.0")
public interface AgentCountsMXBean {
  /** Every call counted so far, by call site id, summed over stages and threads. */
  long[] getCallCounts();

  /** Every call site registered so far, in id order. */
  List<AgentSite> getCallSites();
}
