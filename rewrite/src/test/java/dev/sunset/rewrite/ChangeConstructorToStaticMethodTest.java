package dev.sunset.rewrite;

import static dev.sunset.rewrite.LegacyClasses.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openrewrite.java.Assertions.java;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class ChangeConstructorToStaticMethodTest implements RewriteTest {
  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipe(new ChangeConstructorToStaticMethod(
        "com.acme.legacy.Context <constructor>(java.lang.String, com.acme.legacy.Manager)",
        "com.acme.legacy.ContextAdapters", "contextFor"));
  }

  @Test
  void aConstructorCallAndAConstructorReferenceBecomeTheFactoryAndAnotherConstructorIsLeftAlone() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.Manager;
            import java.util.function.BiFunction;

            class Runs {
                Context start(String user, Manager manager) {
                    Context context = new Context(user, manager);
                    Context other = new Context(user);
                    BiFunction<String, Manager, Context> make = Context::new;
                    return new Context(
                        user,
                        manager);
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.ContextAdapters;
            import com.acme.legacy.Manager;
            import java.util.function.BiFunction;

            class Runs {
                Context start(String user, Manager manager) {
                    Context context = ContextAdapters.contextFor(user, manager);
                    Context other = new Context(user);
                    BiFunction<String, Manager, Context> make = ContextAdapters::contextFor;
                    return ContextAdapters.contextFor(
                        user,
                        manager);
                }
            }
            """)));
  }

  @Test
  void theLegacyImportGoesWhenNothingElseNamesTheClass() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.Context;
            import com.acme.legacy.Manager;

            class Starter {
                String start(Manager manager) {
                    return new Context("u", manager).describe();
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.ContextAdapters;
            import com.acme.legacy.Manager;

            class Starter {
                String start(Manager manager) {
                    return ContextAdapters.contextFor("u", manager).describe();
                }
            }
            """)));
  }

  @Test
  void anAnonymousSubclassIsLeftAloneAndListedAndASubclassSuperCallIsNotAUse() {
    rewriteRun(
        spec -> spec.dataTable(UsesLeftAlone.Row.class, rows -> assertThat(rows).singleElement().satisfies(row -> {
          assertThat(row.sourcePath()).isEqualTo("app/Anonymous.java");
          assertThat(row.legacyClass()).isEqualTo("com.acme.legacy.Context");
          assertThat(row.member()).isEqualTo("<init>(java.lang.String, com.acme.legacy.Manager)");
          assertThat(row.code()).startsWith("new Context(\"anon\", manager) {");
          assertThat(row.reason()).isEqualTo("an anonymous subclass: a factory returns an instance, not a new subclass");
        })),
        with(java(
            """
                package app;

                import com.acme.legacy.Context;
                import com.acme.legacy.Manager;

                class Anonymous {
                    Context make(Manager manager) {
                        return new Context("anon", manager) {
                            @Override
                            public String describe() {
                                return "anonymous";
                            }
                        };
                    }
                }
                """), java(
            """
                package app;

                import com.acme.legacy.Context;
                import com.acme.legacy.Manager;

                class Special extends Context {
                    Special(String user, Manager manager) {
                        super(user, manager);
                    }
                }
                """)));
  }
}
