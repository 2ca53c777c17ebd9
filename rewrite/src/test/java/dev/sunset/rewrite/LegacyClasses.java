package dev.sunset.rewrite;

import static org.openrewrite.java.Assertions.java;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openrewrite.test.SourceSpecs;

/**
 * Legacy classes a class rule retires, with their adapters, parsed in the same source tree as the code under test
 * (beside {@link LegacyLibrary}); each test also checks that they stay exactly as they are.
 */
final class LegacyClasses {
  private LegacyClasses() {}

  /** A legacy context: two constructors, public fields (one static), an instance method and a static one. */
  static final String CONTEXT = """
      package com.acme.legacy;

      public class Context {
          public static int created;
          public final String user;
          public Manager manager;

          public Context(String user, Manager manager) {
              this.user = user;
              this.manager = manager;
              created++;
          }

          public Context(String user) {
              this(user, null);
          }

          public String describe() {
              return user + " " + manager;
          }

          public static Context of(String user) {
              return new Context(user);
          }
      }
      """;

  /** The context's adapter: a counterpart for every member but the one-argument constructor. */
  static final String CONTEXT_ADAPTERS = """
      package com.acme.legacy;

      public final class ContextAdapters {
          private ContextAdapters() {}

          public static Context contextFor(String user, Manager manager) {
              return new Context(user, manager);
          }

          public static Manager managerOf(Context context) {
              return context.manager;
          }

          public static void setManager(Context context, Manager manager) {
              context.manager = manager;
          }

          public static String getUser(Context context) {
              return context.user;
          }

          public static int getCreated() {
              return Context.created;
          }

          public static void setCreated(int created) {
              Context.created = created;
          }

          public static String describe(Context context) {
              return context.describe();
          }

          public static Context of(String user) {
              return Context.of(user);
          }
      }
      """;

  /** What replaces the legacy greeter in declarations: an interface it implements. */
  static final String GREETER = """
      package com.acme.legacy;

      public interface Greeter {
          String greet();
      }
      """;

  /** A legacy class whose only use left, once constructed through its adapter, is as a {@code Greeter}. */
  static final String LEGACY_GREETER = """
      package com.acme.legacy;

      public class LegacyGreeter implements Greeter {
          private final String name;

          public LegacyGreeter(String name) {
              this.name = name;
          }

          @Override
          public String greet() {
              return "hello " + name;
          }
      }
      """;

  /** The greeter's adapter: a factory. */
  static final String GREETER_ADAPTERS = """
      package com.acme.legacy;

      public final class GreeterAdapters {
          private GreeterAdapters() {}

          public static LegacyGreeter greeterFor(String name) {
              return new LegacyGreeter(name);
          }
      }
      """;

  /** Both libraries, which every test parses and expects unchanged, followed by {@code more}. */
  static SourceSpecs[] with(SourceSpecs... more) {
    List<SourceSpecs> all = new ArrayList<>(Arrays.asList(LegacyLibrary.with()));
    all.addAll(List.of(java(CONTEXT), java(CONTEXT_ADAPTERS), java(GREETER), java(LEGACY_GREETER),
        java(GREETER_ADAPTERS)));
    all.addAll(Arrays.asList(more));
    return all.toArray(SourceSpecs[]::new);
  }
}
