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

  /** One class rule, as a rules file lists it. */
  public static String classRule(String id, String legacyClass, String stage, String message) {
    return "  - id: " + id + "\n"
        + "    legacy: " + legacyClass + "\n"
        + "    stage: " + stage + "\n"
        + "    message: '" + message.replace("'", "''") + "'\n";
  }
}
