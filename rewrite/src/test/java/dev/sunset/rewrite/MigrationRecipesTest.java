package dev.sunset.rewrite;

import static dev.sunset.rewrite.LegacyLibrary.with;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.openrewrite.java.Assertions.java;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.openrewrite.Recipe;
import org.openrewrite.config.Environment;
import org.openrewrite.config.YamlResourceLoader;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class MigrationRecipesTest implements RewriteTest {
  private static final String NAME = "com.acme.MigrateLegacy";

  /** Every shape: receiver dropped (instance and static, same and other name), receiver first. */
  static final List<MigrationRule> RULES = List.of(
      MigrationRule.of("com.acme.legacy.LegacyFactory#create(java.lang.String)", false,
          "com.acme.legacy.Service#create(java.lang.String)"),
      MigrationRule.of("com.acme.legacy.LegacyFactory#quick(java.lang.String)", false,
          "com.acme.legacy.Service#create(java.lang.String)"),
      MigrationRule.of("com.acme.legacy.LegacyFactory#forUser(java.lang.String)", true,
          "com.acme.legacy.Service#create(java.lang.String)"),
      MigrationRule.of("com.acme.legacy.Manager#send(java.lang.String, java.util.Map)", false,
          "com.acme.legacy.Adapters#send(com.acme.legacy.Manager, java.lang.String, java.util.Map)"),
      MigrationRule.of("com.acme.legacy.Manager#ping()", false,
          "com.acme.legacy.Adapters#ping(com.acme.legacy.Manager)"));

  /** Loads a declarative recipe the way rewrite-maven-plugin loads {@code rewrite.yml}. */
  static Recipe load(String yaml, String name) {
    Environment environment = Environment.builder()
        .load(new YamlResourceLoader(new ByteArrayInputStream(yaml.getBytes(UTF_8)), URI.create("rewrite.yml"),
            new Properties()))
        .build();
    return environment.activateRecipes(name);
  }

  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipe(load(MigrationRecipes.toYaml(NAME, RULES), NAME));
  }

  @Test
  void yamlIsOneDeclarativeRecipeProtectingTheDeclarationsAndListingTheStepsInOrder() {
    String yaml = MigrationRecipes.toYaml(NAME, RULES);

    @SuppressWarnings("unchecked")
    Map<String, Object> document = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    assertThat(document).containsEntry("type", "specs.openrewrite.org/v1beta/recipe").containsEntry("name", NAME);
    assertThat(document.get("preconditions")).isEqualTo(List.of(Map.of("dev.sunset.rewrite.DeclaresNoneOf",
        Map.of("fullyQualifiedTypeNames", List.of("com.acme.legacy.LegacyFactory", "com.acme.legacy.Service",
            "com.acme.legacy.Manager", "com.acme.legacy.Adapters")))));
    assertThat(yaml).contains("""
        recipeList:
          - dev.sunset.rewrite.MakeReceiverExplicit:
              methodPattern: com.acme.legacy.LegacyFactory create(java.lang.String)
          - org.openrewrite.java.ChangeMethodTargetToStatic:
              methodPattern: com.acme.legacy.LegacyFactory create(java.lang.String)
              fullyQualifiedTargetTypeName: com.acme.legacy.Service
          - dev.sunset.rewrite.MakeReceiverExplicit:
              methodPattern: com.acme.legacy.LegacyFactory quick(java.lang.String)
          - org.openrewrite.java.ChangeMethodTargetToStatic:
              methodPattern: com.acme.legacy.LegacyFactory quick(java.lang.String)
              fullyQualifiedTargetTypeName: com.acme.legacy.Service
          - org.openrewrite.java.ChangeMethodName:
              methodPattern: com.acme.legacy.Service quick(java.lang.String)
              newMethodName: create
        """);
    assertThat(yaml).endsWith("""
          - dev.sunset.rewrite.ChangeMethodTargetToStaticReceiverFirst:
              methodPattern: com.acme.legacy.Manager ping()
              fullyQualifiedTargetTypeName: com.acme.legacy.Adapters
              newMethodName: ping
        """);
  }

  @Test
  void loadedRecipeIsValidAndRunsOurRecipesAndOpenRewritesOwn() {
    Recipe recipe = load(MigrationRecipes.toYaml(NAME, RULES), NAME);

    assertThat(recipe.validateAll()).allSatisfy(validation -> assertThat(validation.isValid()).isTrue());
    assertThat(recipe.getDescriptor().getRecipeList()).extracting(descriptor -> descriptor.getName()).containsExactly(
        "dev.sunset.rewrite.MakeReceiverExplicit", "org.openrewrite.java.ChangeMethodTargetToStatic",
        "dev.sunset.rewrite.MakeReceiverExplicit", "org.openrewrite.java.ChangeMethodTargetToStatic",
        "org.openrewrite.java.ChangeMethodName",
        "dev.sunset.rewrite.MakeReceiverExplicit", "org.openrewrite.java.ChangeMethodTargetToStatic",
        "org.openrewrite.java.ChangeMethodName",
        "dev.sunset.rewrite.ChangeMethodTargetToStaticReceiverFirst",
        "dev.sunset.rewrite.ChangeMethodTargetToStaticReceiverFirst");
  }

  @Test
  void everyShapeOfCallIsMigratedAndTheLibraryIsLeftAsItIs() {
    rewriteRun(with(java(
        """
            package app;

            import static com.acme.legacy.LegacyFactory.forUser;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.List;
            import java.util.Map;
            import java.util.function.BiConsumer;
            import java.util.function.BiFunction;
            import java.util.function.Function;

            class App {
                void run(LegacyFactory factory, List<Manager> managers) {
                    Manager a = factory.create("a");
                    Manager b = LegacyFactory.getInstance().quick("b");
                    Manager c = LegacyFactory.forUser("c");
                    Manager d = forUser("d");
                    factory.create("e").send("started", Map.of());
                    a.ping();
                    managers.forEach(Manager::ping);
                    BiConsumer<String, Map<String, Object>> sender = a::send;
                    Function<String, Manager> creator = factory::quick;
                    BiFunction<LegacyFactory, String, Manager> unbound = LegacyFactory::create;
                    Function<String, Manager> statics = LegacyFactory::forUser;
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import com.acme.legacy.Service;

            import java.util.List;
            import java.util.Map;
            import java.util.function.BiConsumer;
            import java.util.function.BiFunction;
            import java.util.function.Function;

            import static com.acme.legacy.Service.create;

            class App {
                void run(LegacyFactory factory, List<Manager> managers) {
                    Manager a = Service.create("a");
                    Manager b = Service.create("b");
                    Manager c = Service.create("c");
                    Manager d = create("d");
                    Adapters.send(Service.create("e"), "started", Map.of());
                    Adapters.ping(a);
                    managers.forEach(Adapters::ping);
                    BiConsumer<String, Map<String, Object>> sender = (type, data) -> Adapters.send(a, type, data);
                    Function<String, Manager> creator = Service::create;
                    BiFunction<LegacyFactory, String, Manager> unbound = (legacyFactory, user) -> Service.create(user);
                    Function<String, Manager> statics = Service::create;
                }
            }
            """)));
  }

  @Test
  void callsFromSubclassesAndSubInterfacesThatInheritTheLegacyMethodsAreMigrated() {
    rewriteRun(with(java(
        """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import java.util.Map;

            class MyFactory extends LegacyFactory {
                Manager mine() {
                    return create("me");
                }

                Manager quickly(MyFactory other) {
                    return other.quick("q");
                }

                interface LoudManager extends Manager {
                    default void shout() {
                        send("shout", Map.of());
                        ping();
                    }
                }
            }
            """,
        """
            package app;

            import com.acme.legacy.Adapters;
            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import com.acme.legacy.Service;

            import java.util.Map;

            class MyFactory extends LegacyFactory {
                Manager mine() {
                    return Service.create("me");
                }

                Manager quickly(MyFactory other) {
                    return Service.create("q");
                }

                interface LoudManager extends Manager {
                    default void shout() {
                        Adapters.send(this, "shout", Map.of());
                        Adapters.ping(this);
                    }
                }
            }
            """)));
  }

  @Test
  void renamingAfterTheMoveLeavesALegacyMethodWithoutARuleAlone() {
    // quick becomes Service#create; LegacyFactory#create has no rule here and must stay a legacy call.
    List<MigrationRule> onlyQuick = List.of(MigrationRule.of("com.acme.legacy.LegacyFactory#quick(java.lang.String)",
        false, "com.acme.legacy.Service#create(java.lang.String)"));
    String source = """
        package app;

        import com.acme.legacy.LegacyFactory;
        import com.acme.legacy.Manager;

        class App {
            Manager a = LegacyFactory.getInstance().quick("a");
            Manager b = LegacyFactory.getInstance().create("b");
        }
        """;
    rewriteRun(
        spec -> spec.recipe(load(MigrationRecipes.toYaml(NAME, onlyQuick), NAME)),
        with(java(source, """
            package app;

            import com.acme.legacy.LegacyFactory;
            import com.acme.legacy.Manager;
            import com.acme.legacy.Service;

            class App {
                Manager a = Service.create("a");
                Manager b = LegacyFactory.getInstance().create("b");
            }
            """)));

    // The other order, renaming on the legacy class first, also moves the call without a rule.
    String renameFirst = """
        type: specs.openrewrite.org/v1beta/recipe
        name: com.acme.RenameFirst
        displayName: Rename on the legacy class, then move
        description: The order the generator does not use.
        preconditions:
          - dev.sunset.rewrite.DeclaresNoneOf:
              fullyQualifiedTypeNames: [com.acme.legacy.LegacyFactory, com.acme.legacy.Service]
        recipeList:
          - org.openrewrite.java.ChangeMethodName:
              methodPattern: com.acme.legacy.LegacyFactory quick(java.lang.String)
              newMethodName: create
          - org.openrewrite.java.ChangeMethodTargetToStatic:
              methodPattern: com.acme.legacy.LegacyFactory create(java.lang.String)
              fullyQualifiedTargetTypeName: com.acme.legacy.Service
        """;
    rewriteRun(
        spec -> spec.recipe(load(renameFirst, "com.acme.RenameFirst")),
        with(java(source, """
            package app;

            import com.acme.legacy.Manager;
            import com.acme.legacy.Service;

            class App {
                Manager a = Service.create("a");
                Manager b = Service.create("b");
            }
            """)));
  }

  @Test
  void withoutItsPreconditionTheRecipeWouldRewriteTheLegacyLibraryItself() {
    @SuppressWarnings("unchecked")
    Map<String, Object> document = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(MigrationRecipes.toYaml(NAME, RULES));
    document.remove("preconditions");
    String unprotected = new Dump(DumpSettings.builder().build()).dumpToString(document);

    rewriteRun(
        spec -> spec.recipe(load(unprotected, NAME)),
        java(LegacyLibrary.MANAGER),
        java(LegacyLibrary.LEGACY_FACTORY, """
            package com.acme.legacy;

            import static com.acme.legacy.Service.create;

            public class LegacyFactory {
                private static final LegacyFactory INSTANCE = new LegacyFactory();

                public static LegacyFactory getInstance() {
                    return INSTANCE;
                }

                public Manager create(String user) {
                    return Service.create(user);
                }

                public Manager quick(String user) {
                    return create(user);
                }

                public Manager make(String user) {
                    return create(user);
                }

                public static Manager forUser(String user) {
                    return Service.create(user);
                }
            }
            """),
        java(LegacyLibrary.SERVICE),
        java(LegacyLibrary.ADAPTERS));
  }

  @Test
  void aRuleWhoseRenamingWouldAlsoRenameAnotherRulesResultIsRefused() {
    List<MigrationRule> clash = List.of(
        MigrationRule.of("com.acme.A#make(int)", true, "com.acme.S#build(int)"),
        MigrationRule.of("com.acme.B#build(int)", true, "com.acme.S#make(int)"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRecipes.toYaml(NAME, clash))
        .withMessage("migration of com.acme.A#make(int): it moves the call to com.acme.S#make and then renames it to "
            + "build, which would also rename the calls produced by the migration of com.acme.B#build(int); "
            + "migrate them with two recipes");
  }

  @Test
  void aLegacyMethodGivenTwiceAnEmptyListAndABadNameAreRefused() {
    MigrationRule one = MigrationRule.of("com.acme.A#make(int)", true, "com.acme.S#make(int)");
    MigrationRule two = MigrationRule.of("com.acme.A#make(int)", true, "com.acme.T#make(int)");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRecipes.toYaml(NAME, List.of(one, two)))
        .withMessage("migration of com.acme.A#make(int): given twice, to com.acme.S#make(int) and to com.acme.T#make(int)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRecipes.toYaml(NAME, List.of()))
        .withMessage("recipe com.acme.MigrateLegacy has no migration rules");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRecipes.toYaml("not a name", List.of(one)))
        .withMessage("recipe name is not a dotted name such as com.acme.Migrate: not a name");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRecipes.toYaml("Migrate", List.of(one)))
        .withMessage("recipe name is not a dotted name such as com.acme.Migrate: Migrate");
  }

  @Test
  void writingARecipeNeedsNoOpenRewriteOnTheClassPath() throws Exception {
    URL classes = MigrationRecipes.class.getProtectionDomain().getCodeSource().getLocation();
    URL snakeyaml = Dump.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes, snakeyaml}, ClassLoader.getPlatformClassLoader())) {
      Object rule = loader.loadClass(MigrationRule.class.getName())
          .getMethod("of", String.class, boolean.class, String.class)
          .invoke(null, "com.acme.A#make(int)", true, "com.acme.S#build(int)");
      String yaml = (String) loader.loadClass(MigrationRecipes.class.getName())
          .getMethod("toYaml", String.class, List.class)
          .invoke(null, NAME, List.of(rule));

      assertThat(yaml).contains("org.openrewrite.java.ChangeMethodName");
      assertThatExceptionOfType(ClassNotFoundException.class).isThrownBy(() -> loader.loadClass(Recipe.class.getName()));
    }
  }
}
