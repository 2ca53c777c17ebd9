package dev.sunset.rewrite;

import static dev.sunset.rewrite.LegacyLibrary.with;
import static org.openrewrite.java.Assertions.java;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class MakeReceiverExplicitTest implements RewriteTest {
  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipes(
        new MakeReceiverExplicit("com.acme.legacy.LegacyFactory create(java.lang.String)"),
        new MakeReceiverExplicit("com.acme.legacy.LegacyFactory forUser(java.lang.String)"));
  }

  @Test
  void unqualifiedCallsFromASubclassGetThisOuterThisOrTheDeclaringClass() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;

            class MyFactory extends LegacyFactory {
                Manager mine() {
                    return create("me");
                }

                Manager viaStatic() {
                    return forUser("me");
                }

                class Helper {
                    Manager help() {
                        return create("helper");
                    }
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;

            class MyFactory extends LegacyFactory {
                Manager mine() {
                    return this.create("me");
                }

                Manager viaStatic() {
                    return LegacyFactory.forUser("me");
                }

                class Helper {
                    Manager help() {
                        return MyFactory.this.create("helper");
                    }
                }
            }
            """)));
  }

  @Test
  void unboundReferenceBecomesALambdaWithTheReceiverFirst() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.function.BiFunction;

            class Wiring {
                BiFunction<LegacyFactory, String, Manager> creator = LegacyFactory::create;
            }
            """,
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.function.BiFunction;

            class Wiring {
                BiFunction<LegacyFactory, String, Manager> creator = (legacyFactory, user) -> legacyFactory.create(user);
            }
            """)));
  }

  @Test
  void qualifiedCallsStaticImportsAndBoundReferencesAreLeftForChangeMethodTargetToStatic() {
    rewriteRun(with(java(
        """
            package app;

            import static com.acme.legacy.LegacyFactory.forUser;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.function.Function;

            class Callers {
                Manager a = LegacyFactory.getInstance().create("a");
                Manager b = forUser("b");
                Function<String, Manager> c = LegacyFactory.getInstance()::create;
                Function<String, Manager> d = LegacyFactory::forUser;
            }
            """)));
  }
}
