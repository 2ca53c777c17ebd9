package dev.sunset.agent.internal;

import dev.sunset.agent.internal.jmx.RulesControl;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import javax.management.MBeanServerFactory;

/**
 * Registers the agent's MBean as soon as the platform MBean server exists (a JMX agent started, jconsole attached,
 * or the application used JMX), never creating it: starting it costs a few hundred milliseconds of CPU that would
 * compete with the application's start-up, for a server nobody may ever connect to.
 */
final class MBeanRegistration {
  private final RulesControl.Agent agent;
  /** Only the agent's thread reads and writes it. */
  private boolean registered;

  MBeanRegistration(RulesControl.Agent agent) {
    this.agent = agent;
  }

  /** Registers the MBean if the platform MBean server exists now and it was not registered yet. */
  void registerOnceJmxIsInUse() {
    if (registered || MBeanServerFactory.findMBeanServer(null).isEmpty()) {
      return;
    }
    registered = true;
    try {
      RulesControl.register(agent);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.JMX, "cannot register the MBean " + RulesControl.OBJECT_NAME, t);
    }
  }
}
