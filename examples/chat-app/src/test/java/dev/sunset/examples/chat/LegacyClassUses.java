package dev.sunset.examples.chat;

import dev.sunset.examples.chat.agents.registry.WebSocketManagerAdapter;
import dev.sunset.examples.chat.bridge.ToolResultBridge;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import java.util.List;

/**
 * The uses of the shim's legacy classes a golden-path run makes that no method rule can name: which class rule
 * counts each, where, how and which member, and the class rules that retire them. See the chat app's README ("What no
 * method rule sees").
 */
public final class LegacyClassUses {
  /** The legacy factory, whose every method the shipped method rules already take. */
  public static final String FACTORY = "com.example.ws.WebSocketManagerFactory";
  /** The legacy adapter: constructed by the bridge, extended by the agent registry. */
  public static final String ADAPTER = "com.example.ws.LegacyWebSocketManagerAdapter";
  /** The legacy agent context, whose deprecated field the supervisor's executor reads. */
  public static final String CONTEXT = "com.example.ws.AgentExecutionContext";

  /** The factory's adapter: a counterpart for each of its methods but the getter of the instance. */
  public static final String FACTORY_ADAPTERS = "com.example.ws.FactoryAdapters";
  /** The legacy adapter's adapter: a counterpart for its constructor only. */
  public static final String ADAPTER_WRAPPERS = "com.example.ws.ManagerWrappers";
  /** The legacy agent context's adapter: its constructor and its two fields' reads. */
  public static final String CONTEXT_ADAPTERS = "com.example.ws.ContextAdapters";

  /** The id of the class rule of {@link #FACTORY}. */
  public static final String FACTORY_RULE = "ws-factory-class";
  /** The id of the class rule of {@link #ADAPTER}. */
  public static final String ADAPTER_RULE = "ws-legacy-adapter-class";
  /** The id of the class rule of {@link #CONTEXT}. */
  public static final String CONTEXT_RULE = "ws-agent-context-class";

  /**
   * One use of a legacy class by the chat app.
   *
   * @param use how: {@code new}, {@code field-read}, {@code subclass}
   * @param member the constructor, field or {@code <class>}
   * @param oncePerJvm whether it is counted once, when its class initialises (a subclass), rather than once a run
   */
  public record ClassUse(String ruleId, String className, String method, String use, String member,
      boolean oncePerJvm) {
    /** How many times {@code runs} golden-path runs in one JVM make it. */
    public long count(int runs) {
      return oncePerJvm ? 1 : runs;
    }
  }

  /** Every use, each a site of its own (the executor reads {@code websocketManager} at two lines). */
  public static final List<ClassUse> USES = List.of(
      new ClassUse(CONTEXT_RULE, AgentSupervisor.class.getName(), "agentContext", "new",
          "<init>(com.example.ws.UserExecutionContext, com.example.ws.WebSocketManager)", false),
      new ClassUse(CONTEXT_RULE, AgentSupervisor.class.getName(), "execute", "field-read", "websocketManager", false),
      new ClassUse(CONTEXT_RULE, AgentSupervisor.class.getName(), "execute", "field-read", "websocketManager", false),
      new ClassUse(CONTEXT_RULE, AgentSupervisor.class.getName(), "execute", "field-read", "userContext", false),
      new ClassUse(ADAPTER_RULE, ToolResultBridge.class.getName(), "publish", "new",
          "<init>(com.example.ws.WebSocketManager)", false),
      new ClassUse(ADAPTER_RULE, WebSocketManagerAdapter.class.getName(), "<clinit>", "subclass", "<class>", true));

  private LegacyClassUses() {}

  /**
   * A rules file of the three class rules, each at its stage ({@code factory}, {@code adapter}, {@code context}); the
   * shipped method rules come from the shim's jar beside it.
   */
  public static String rulesFile(String factory, String adapter, String context) {
    return "rules:\n"
        + classRule(FACTORY_RULE, FACTORY, factory, "The factory goes, use UnifiedWebSocketManager.createForUser")
        + classRule(ADAPTER_RULE, ADAPTER, adapter, "A unified manager needs no adapter")
        + classRule(CONTEXT_RULE, CONTEXT, context, "Pass the UserExecutionContext; emit through the unified manager");
  }

  /**
   * A rules file of the three class rules at {@code stage}, each naming its adapter as its replacement: the factory's
   * {@value #FACTORY_ADAPTERS}, the legacy adapter's {@value #ADAPTER_WRAPPERS} ({@code wrap} for its constructor),
   * the context's {@code contextAdapter} ({@code contextFor} for its constructor, {@code managerOf} for reads of its
   * {@code websocketManager}, {@code getUserContext} for reads of {@code userContext} by default), with
   * {@code contextExtra} (such as a {@code rollback:} line) added to the context's rule. The shipped method rules
   * come from the shim's jar beside it and override the factory's class rule for every method it declares.
   */
  public static String adapterRulesFile(String stage, String contextAdapter, String contextExtra) {
    return "rules:\n"
        + classRule(FACTORY_RULE, FACTORY, stage, "The factory goes, use UnifiedWebSocketManager.createForUser")
        + "    replacement: " + FACTORY_ADAPTERS + "\n"
        + classRule(ADAPTER_RULE, ADAPTER, stage, "A unified manager needs no adapter")
        + "    replacement: " + ADAPTER_WRAPPERS + "\n"
        + "    members:\n"
        + "      \"<init>(com.example.ws.WebSocketManager)\": wrap\n"
        + classRule(CONTEXT_RULE, CONTEXT, stage, "Pass the UserExecutionContext; emit through the unified manager")
        + "    replacement: " + contextAdapter + "\n"
        + "    members:\n"
        + "      \"<init>(com.example.ws.UserExecutionContext, com.example.ws.WebSocketManager)\": contextFor\n"
        + "      websocketManager: {get: managerOf}\n"
        + contextExtra;
  }

  /** One class rule, as a rules file lists it. */
  public static String classRule(String id, String legacyClass, String stage, String message) {
    return "  - id: " + id + "\n"
        + "    legacy: " + legacyClass + "\n"
        + "    stage: " + stage + "\n"
        + "    message: '" + message.replace("'", "''") + "'\n";
  }
}
