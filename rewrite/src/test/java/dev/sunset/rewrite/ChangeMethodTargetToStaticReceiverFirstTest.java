package dev.sunset.rewrite;

import static dev.sunset.rewrite.LegacyLibrary.with;
import static org.openrewrite.java.Assertions.java;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class ChangeMethodTargetToStaticReceiverFirstTest implements RewriteTest {
  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipes(
        new ChangeMethodTargetToStaticReceiverFirst(
            "com.acme.legacy.Manager send(java.lang.String, java.util.Map)", "com.acme.legacy.Adapters", null),
        new ChangeMethodTargetToStaticReceiverFirst("com.acme.legacy.Manager ping()", "com.acme.legacy.Adapters", null));
  }

  @Test
  void qualifiedCallPassesItsReceiverFirstAndImportsTheTarget() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;
            import java.util.Map;

            class Notifier {
                void notify(Manager manager, Map<String, Object> data) {
                    manager.send("started", data);
                    manager.ping();
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.Manager;
            import java.util.Map;

            class Notifier {
                void notify(Manager manager, Map<String, Object> data) {
                    Adapters.send(manager, "started", data);
                    Adapters.ping(manager);
                }
            }
            """)));
  }

  @Test
  void chainedAndNestedReceiversMoveIntoTheArguments() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.Map;

            class Notifier {
                Manager current;

                void notify(String user) {
                    LegacyFactory.getInstance().create(user).send("started", Map.of());
                    ((Manager) current).send("cast",
                        Map.of("k", "v"));
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.Map;

            class Notifier {
                Manager current;

                void notify(String user) {
                    Adapters.send(LegacyFactory.getInstance().create(user), "started", Map.of());
                    Adapters.send((Manager) current, "cast",
                        Map.of("k", "v"));
                }
            }
            """)));
  }

  @Test
  void unqualifiedCallFromASubInterfacePassesThisAndFromAnInnerClassOuterThis() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;
            import java.util.Map;

            interface LoudManager extends Manager {
                default void shout() {
                    send("shout", Map.of());
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.Manager;
            import java.util.Map;

            interface LoudManager extends Manager {
                default void shout() {
                    Adapters.send(this, "shout", Map.of());
                }
            }
            """), java(
        """
            package app;

            import com.acme.legacy.Manager;

            abstract class PingingManager implements Manager {
                class Pinger {
                    void run() {
                        ping();
                    }
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.Manager;

            abstract class PingingManager implements Manager {
                class Pinger {
                    void run() {
                        Adapters.ping(PingingManager.this);
                    }
                }
            }
            """)));
  }

  @Test
  void callThroughASubInterfaceThatInheritsTheMethodIsRewritten() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;

            interface LoudManager extends Manager {
            }
            """), java(
        """
            package app;

            class Caller {
                void call(LoudManager loud) {
                    loud.ping();
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;

            class Caller {
                void call(LoudManager loud) {
                    Adapters.ping(loud);
                }
            }
            """)));
  }

  @Test
  void callsOfAnOverrideAndSuperCallsAreLeftAlone() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;
            import java.util.Map;

            class OwnManager implements Manager {
                @Override
                public void send(String type, Map<String, Object> data) {
                }

                @Override
                public void ping() {
                    send("ping", Map.of());
                    Manager.super.sendAll(Map.of());
                }

                void again(OwnManager other) {
                    other.ping();
                }
            }
            """)));
  }

  @Test
  void unboundReferenceBecomesAReferenceToTheTarget() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;
            import java.util.List;

            class Pinger {
                void pingAll(List<? extends Manager> managers) {
                    managers.forEach(Manager::ping);
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.Manager;
            import java.util.List;

            class Pinger {
                void pingAll(List<? extends Manager> managers) {
                    managers.forEach(Adapters::ping);
                }
            }
            """)));
  }

  @Test
  void boundReferenceToAStableReceiverBecomesALambda() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;
            import java.util.Map;
            import java.util.function.BiConsumer;

            class Wiring {
                private final Manager fixed;

                Wiring(Manager fixed) {
                    this.fixed = fixed;
                }

                void wire(Manager manager, String type) {
                    BiConsumer<String, Map<String, Object>> sender = manager::send;
                    Runnable pinger = fixed::ping;
                    Runnable selfPinger = this.fixed::ping;
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.Manager;
            import java.util.Map;
            import java.util.function.BiConsumer;

            class Wiring {
                private final Manager fixed;

                Wiring(Manager fixed) {
                    this.fixed = fixed;
                }

                void wire(Manager manager, String type) {
                    BiConsumer<String, Map<String, Object>> sender = (type2, data) -> Adapters.send(manager, type2, data);
                    Runnable pinger = () -> Adapters.ping(fixed);
                    Runnable selfPinger = () -> Adapters.ping(this.fixed);
                }
            }
            """)));
  }

  @Test
  void boundReferenceToAReceiverThatCouldChangeIsLeftAlone() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;

            class Wiring {
                private Manager current;

                void wire(Manager manager) {
                    Runnable a = current::ping;
                    Runnable b = LegacyFactory.getInstance().create("u")::ping;
                    Manager changing = manager;
                    changing = current;
                    Runnable c = changing::ping;
                }
            }
            """)));
  }

  @Test
  void newMethodNameNamesTheReplacement() {
    rewriteRun(
        spec -> spec.recipe(new ChangeMethodTargetToStaticReceiverFirst(
            "com.acme.legacy.Manager send(java.lang.String, java.util.Map)", "com.acme.legacy.Adapters", "emit")),
        with(java(
            """
                package app;

                import com.acme.legacy.Manager;
                import java.util.Map;

                class Notifier {
                    void notify(Manager manager) {
                        manager.send("started", Map.of());
                    }
                }
                """,
            """
                package app;

                import com.acme.legacy.Adapters;
                import com.acme.legacy.Manager;
                import java.util.Map;

                class Notifier {
                    void notify(Manager manager) {
                        Adapters.emit(manager, "started", Map.of());
                    }
                }
                """)));
  }

  @Test
  void legacyImportGoesWhenNothingUsesItAnyMore() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.LegacyFactory;

            class Starter {
                void start() {
                    LegacyFactory.forUser("u").ping();
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.LegacyFactory;

            class Starter {
                void start() {
                    Adapters.ping(LegacyFactory.forUser("u"));
                }
            }
            """), java(
        """
            package app;

            import com.acme.legacy.Manager;

            import java.util.function.Consumer;

            class Pings {
                static final Consumer<Manager> PING = Manager::ping;
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.Manager;

            import java.util.function.Consumer;

            class Pings {
                static final Consumer<Manager> PING = Adapters::ping;
            }
            """)));
  }

  @Test
  void codeThatDoesNotCallTheLegacyMethodIsLeftAlone() {
    rewriteRun(with(java(
        """
            package app;

            import java.util.Map;

            class Unrelated {
                interface Sender {
                    void send(String type, Map<String, Object> data);

                    void ping();
                }

                void call(Sender sender) {
                    sender.send("x", Map.of());
                    sender.ping();
                    Runnable r = sender::ping;
                }
            }
            """)));
  }
}
