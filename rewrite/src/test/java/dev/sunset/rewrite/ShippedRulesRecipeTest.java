package dev.sunset.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.openrewrite.java.Assertions.java;

import com.example.ws.UnifiedWebSocketManager;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

/** The recipe generated from the rules the shim ships, run on code compiled against the shim jar. */
class ShippedRulesRecipeTest implements RewriteTest {
  private static final String NAME = "dev.sunset.examples.MigrateWebSocketManagers";

  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipe(MigrationRecipesTest.load(MigrationRecipes.toYaml(NAME, ShippedRules.migrationRules()), NAME))
        .parser(JavaParser.fromJavaVersion().classpath(List.of(shim())));
  }

  private static Path shim() {
    try {
      return Path.of(UnifiedWebSocketManager.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shippedRulesWithAReplacementBecomeMigrationRules() {
    assertThat(ShippedRules.migrationRules()).extracting(MigrationRule::legacyMember, MigrationRule::receiver)
        .containsExactly(
            tuple(
                "com.example.ws.WebSocketManagerFactory#createForUser(com.example.ws.UserExecutionContext)",
                Receiver.DROPPED),
            tuple(
                "com.example.ws.WebSocketManagerFactory#createManager(com.example.ws.UserExecutionContext)",
                Receiver.DROPPED),
            tuple(
                "com.example.ws.WebSocketManagerFactory#createWebSocketManager(com.example.ws.UserExecutionContext)",
                Receiver.DROPPED),
            tuple(
                "com.example.ws.WebSocketManager#sendEvent(java.lang.String, java.util.Map)", Receiver.FIRST),
            tuple(
                "com.example.ws.WebSocketManager#sendToolExecuting(java.lang.String, java.lang.String, "
                    + "java.lang.String, java.util.Map)", Receiver.FIRST));
    assertThat(ShippedRules.migrationRules().get(2).legacyStatic()).isTrue();
  }

  @Test
  void theChatAppsLegacyCallPatternsAreMigrated() {
    rewriteRun(java(
        """
            package app;

            import com.example.ws.UserExecutionContext;
            import com.example.ws.WebSocketManager;
            import com.example.ws.WebSocketManagerFactory;
            import java.util.Map;
            import java.util.function.BiConsumer;

            @SuppressWarnings("removal")
            class Agent {
                void run(UserExecutionContext context) {
                    WebSocketManager manager = WebSocketManagerFactory.getWebSocketManagerFactory().createManager(context);
                    manager.sendEvent("agent_started", Map.of());
                    WebSocketManagerFactory.createWebSocketManager(context)
                        .sendToolExecuting(context.runId(), "agent", "tool", Map.of());
                    WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(context).sendEvent("tool_completed", Map.of());
                    BiConsumer<String, Map<String, Object>> sender = manager::sendEvent;
                }
            }
            """,
        """
            package app;

            import com.example.ws.LegacyAdapters;
            import com.example.ws.UnifiedWebSocketManager;
            import com.example.ws.UserExecutionContext;
            import com.example.ws.WebSocketManager;
            import java.util.Map;
            import java.util.function.BiConsumer;

            @SuppressWarnings("removal")
            class Agent {
                void run(UserExecutionContext context) {
                    WebSocketManager manager = UnifiedWebSocketManager.createForUser(context);
                    LegacyAdapters.sendEvent(manager, "agent_started", Map.of());
                    LegacyAdapters.sendToolExecuting(UnifiedWebSocketManager.createForUser(context), context.runId(), "agent", "tool", Map.of());
                    LegacyAdapters.sendEvent(UnifiedWebSocketManager.createForUser(context), "tool_completed", Map.of());
                    BiConsumer<String, Map<String, Object>> sender = (string, map) -> LegacyAdapters.sendEvent(manager, string, map);
                }
            }
            """));
  }

  @Test
  void referencesToTheFactoryBecomeReferencesToTheUnifiedManagerOrALambda() {
    rewriteRun(java(
        """
            package app;

            import com.example.ws.UserExecutionContext;
            import com.example.ws.WebSocketManager;
            import com.example.ws.WebSocketManagerFactory;
            import java.util.function.BiFunction;
            import java.util.function.Function;

            @SuppressWarnings("removal")
            class Wiring {
                Function<UserExecutionContext, WebSocketManager> bound = WebSocketManagerFactory.getWebSocketManagerFactory()::createForUser;
                Function<UserExecutionContext, WebSocketManager> statics = WebSocketManagerFactory::createWebSocketManager;
                BiFunction<WebSocketManagerFactory, UserExecutionContext, WebSocketManager> unbound = WebSocketManagerFactory::createManager;
            }
            """,
        """
            package app;

            import com.example.ws.UnifiedWebSocketManager;
            import com.example.ws.UserExecutionContext;
            import com.example.ws.WebSocketManager;
            import com.example.ws.WebSocketManagerFactory;
            import java.util.function.BiFunction;
            import java.util.function.Function;

            @SuppressWarnings("removal")
            class Wiring {
                Function<UserExecutionContext, WebSocketManager> bound = UnifiedWebSocketManager::createForUser;
                Function<UserExecutionContext, WebSocketManager> statics = UnifiedWebSocketManager::createForUser;
                BiFunction<WebSocketManagerFactory, UserExecutionContext, WebSocketManager> unbound = (webSocketManagerFactory, context) -> UnifiedWebSocketManager.createForUser(context);
            }
            """));
  }
}
