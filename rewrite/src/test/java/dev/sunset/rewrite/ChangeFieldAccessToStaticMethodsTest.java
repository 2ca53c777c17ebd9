package dev.sunset.rewrite;

import static dev.sunset.rewrite.LegacyClasses.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.openrewrite.java.Assertions.java;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class ChangeFieldAccessToStaticMethodsTest implements RewriteTest {
  private static final String CONTEXT = "com.acme.legacy.Context";
  private static final String ADAPTERS = "com.acme.legacy.ContextAdapters";

  /** The context's three fields: an instance field with both accessors, a final one with a getter, a static one. */
  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipes(
        new ChangeFieldAccessToStaticMethods(CONTEXT, "manager", ADAPTERS, "managerOf", "setManager"),
        new ChangeFieldAccessToStaticMethods(CONTEXT, "user", ADAPTERS, "getUser", null),
        new ChangeFieldAccessToStaticMethods(CONTEXT, "created", ADAPTERS, "getCreated", "setCreated"));
  }

  @Test
  void readsBecomeGetterCallsAndWritesMadeAsStatementsSetterCalls() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.Manager;
            import java.util.Map;

            class Executor {
                void run(Context context, Manager fallback) {
                    if (context.manager != null) {
                        context.manager.send("started", Map.of("user", context.user));
                    }
                    context.manager = fallback;
                    int before = Context.created;
                    Context.created = before + 1;
                    for (int i = 0; i < 2; context.manager = fallback, i++) {
                        (context).manager = null;
                    }
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.ContextAdapters;
            import com.acme.legacy.Manager;
            import java.util.Map;

            class Executor {
                void run(Context context, Manager fallback) {
                    if (ContextAdapters.managerOf(context) != null) {
                        ContextAdapters.managerOf(context).send("started", Map.of("user", ContextAdapters.getUser(context)));
                    }
                    ContextAdapters.setManager(context, fallback);
                    int before = ContextAdapters.getCreated();
                    ContextAdapters.setCreated(before + 1);
                    for (int i = 0; i < 2; ContextAdapters.setManager(context, fallback), i++) {
                        ContextAdapters.setManager(context, null);
                    }
                }
            }
            """)));
  }

  @Test
  void unqualifiedAndSuperUsesInASubclassPassThisOrOuterThisAndStaticOnesNothing() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.Manager;

            class Sub extends Context {
                Sub(String user) {
                    super(user);
                }

                Manager current() {
                    return manager;
                }

                Manager inherited() {
                    return super.manager;
                }

                void replace(Manager next) {
                    manager = next;
                }

                static int count() {
                    return created;
                }

                class Inner {
                    Manager outer() {
                        return manager;
                    }
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.ContextAdapters;
            import com.acme.legacy.Manager;

            class Sub extends Context {
                Sub(String user) {
                    super(user);
                }

                Manager current() {
                    return ContextAdapters.managerOf(this);
                }

                Manager inherited() {
                    return ContextAdapters.managerOf(this);
                }

                void replace(Manager next) {
                    ContextAdapters.setManager(this, next);
                }

                static int count() {
                    return ContextAdapters.getCreated();
                }

                class Inner {
                    Manager outer() {
                        return ContextAdapters.managerOf(Sub.this);
                    }
                }
            }
            """)));
  }

  @Test
  void aStaticImportOfTheFieldGoesWithItsLastUse() {
    rewriteRun(with(java(
        """
            package app;

            import static com.acme.legacy.Context.created;

            class Counter {
                int count() {
                    return created;
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.ContextAdapters;

            class Counter {
                int count() {
                    return ContextAdapters.getCreated();
                }
            }
            """)));
  }

  @Test
  void writesWhoseValueIsUsedCompoundAssignmentsIncrementsAndAWriteWithoutSetterAreLeftAloneAndListed() {
    rewriteRun(
        spec -> spec.recipes(
                new ChangeFieldAccessToStaticMethods(CONTEXT, "manager", ADAPTERS, "managerOf", "setManager"),
                new ChangeFieldAccessToStaticMethods(CONTEXT, "created", ADAPTERS, "getCreated", null))
            .dataTable(UsesLeftAlone.Row.class, rows -> assertThat(rows)
                .extracting(UsesLeftAlone.Row::member, UsesLeftAlone.Row::code, UsesLeftAlone.Row::reason)
                .containsExactlyInAnyOrder(
                    tuple("manager", "context.manager = other", "a write whose value is used"),
                    tuple("manager", "context.manager = null",
                        "a write as a lambda's body, whose value the lambda may return"),
                    tuple("created", "Context.created += 2",
                        "a compound assignment, which reads and writes the field"),
                    tuple("created", "Context.created++", "an increment or decrement, which reads and writes the field"),
                    tuple("created", "Context.created = 0", "a write, and the adapter has no setter for the field"))),
        with(java(
            """
                package app;

                import com.acme.legacy.Context;
                import com.acme.legacy.Manager;

                class Tricky {
                    Manager tricky(Context context, Manager other) {
                        Manager previous = context.manager = other;
                        Runnable reset = () -> context.manager = null;
                        Context.created += 2;
                        Context.created++;
                        Context.created = 0;
                        return previous;
                    }
                }
                """)));
  }

  @Test
  void aSameNamedFieldOfAnotherClassAndALocalVariableAreNotTheField() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Manager;

            class Holder {
                Manager manager;
                static int created;

                Manager pick(Holder other) {
                    Manager local = other.manager;
                    int created = Holder.created;
                    return manager != null ? manager : local;
                }
            }
            """)));
  }
}
