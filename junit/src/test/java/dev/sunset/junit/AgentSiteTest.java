package dev.sunset.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * A call site as this jar reads it from an agent's MXBean, through the platform MBean server as from a real agent: an
 * agent's items with a use and member give a class rule's site its use key and its line; an agent's items from before
 * class rules (eight, no use or member) still read, as calls.
 */
class AgentSiteTest {
  /** The items of an agent before class rules: a method rule's call site. */
  public static class EightItems {
    private final String rule;

    EightItems(String rule) {
      this.rule = rule;
    }

    public int getId() {
      return 0;
    }

    public String getRule() {
      return rule;
    }

    public String getClassName() {
      return "com.acme.Main";
    }

    public String getMethod() {
      return "run";
    }

    public String getDescriptor() {
      return "()V";
    }

    public String getFile() {
      return "Main.java";
    }

    public int getLine() {
      return 9;
    }

    public String getVia() {
      return null;
    }
  }

  /** The items of an agent today: the eight, and a class rule's site's use and member. */
  public static final class TenItems extends EightItems {
    TenItems() {
      super("registry");
    }

    public String getUse() {
      return "field-read";
    }

    public String getMember() {
      return "name";
    }
  }

  public interface OldAgentMXBean {
    long[] getCallCounts();

    List<EightItems> getCallSites();
  }

  public interface NewAgentMXBean {
    long[] getCallCounts();

    List<TenItems> getCallSites();
  }

  private static AgentSite readThroughJmx(Object mbean, String name) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName objectName = new ObjectName("dev.sunset.test:type=" + name);
    server.registerMBean(mbean, objectName);
    try {
      return JMX.newMXBeanProxy(server, objectName, AgentCountsMXBean.class).getCallSites().get(0);
    } finally {
      server.unregisterMBean(objectName);
    }
  }

  @Test
  void aClassRulesSiteIsKeyedAndNamedByItsUseAndMember() throws Exception {
    AgentSite site = readThroughJmx(new NewAgentMXBean() {
      @Override
      public long[] getCallCounts() {
        return new long[] {1};
      }

      @Override
      public List<TenItems> getCallSites() {
        return List.of(new TenItems());
      }
    }, "NewAgent");

    assertThat(site.key()).isEqualTo(new UseKey(new SiteKey("registry", "com.acme.Main", "run", 9), Use.FIELD_READ,
        "name"));
    assertThat(site.describe()).isEqualTo("Main.java:9 com.acme.Main.run registry (field-read name)");
  }

  @Test
  void anAgentFromBeforeClassRulesStillReadsItsSitesAsCalls() throws Exception {
    AgentSite site = readThroughJmx(new OldAgentMXBean() {
      @Override
      public long[] getCallCounts() {
        return new long[] {1};
      }

      @Override
      public List<EightItems> getCallSites() {
        return List.of(new EightItems("clock"));
      }
    }, "OldAgent");

    assertThat(site.getUse()).isNull();
    assertThat(site.key()).isEqualTo(UseKey.call(new SiteKey("clock", "com.acme.Main", "run", 9)));
    assertThat(site.describe()).isEqualTo("Main.java:9 com.acme.Main.run clock");
  }
}
