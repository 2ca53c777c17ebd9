package dev.sunset.agent.it;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The agent's {@code dev.sunset:type=Rules} MBean in a forked JVM, reached over a real JMX connection as an operator's
 * console reaches it: the JVM's local management agent started through the attach API, and the MBean awaited (it is
 * registered once JMX is in use, within a second).
 */
public final class RulesMBean implements AutoCloseable {
  private final JMXConnector connector;
  private final MBeanServerConnection connection;
  private final ObjectName name;

  private RulesMBean(JMXConnector connector, MBeanServerConnection connection, ObjectName name) {
    this.connector = connector;
    this.connection = connection;
    this.name = name;
  }

  /** Connects to the JVM {@code pid} and waits, at most {@code registeredWithin}, for the MBean to be registered. */
  public static RulesMBean connect(long pid, Duration registeredWithin) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    MBeanServerConnection mbeans = connector.getMBeanServerConnection();
    ObjectName name = rulesName();
    long registeredBy = System.nanoTime() + registeredWithin.toNanos();
    while (!mbeans.isRegistered(name) && System.nanoTime() < registeredBy) {
      Thread.sleep(50);
    }
    return new RulesMBean(connector, mbeans, name);
  }

  private static ObjectName rulesName() throws MalformedObjectNameException {
    return new ObjectName("dev.sunset:type=Rules");
  }

  /** The connection, for attributes and proxies. */
  public MBeanServerConnection connection() {
    return connection;
  }

  /** The MBean's name. */
  public ObjectName name() {
    return name;
  }

  /** An attribute's value. */
  public Object attribute(String attribute) throws Exception {
    return connection.getAttribute(name, attribute);
  }

  /** Invokes an operation taking text arguments; returns its answer as text. */
  public String invoke(String operation, String... args) throws Exception {
    String[] signature = new String[args.length];
    Arrays.fill(signature, String.class.getName());
    return String.valueOf(connection.invoke(name, operation, args, signature));
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
