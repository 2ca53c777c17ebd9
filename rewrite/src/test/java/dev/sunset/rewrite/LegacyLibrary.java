package dev.sunset.rewrite;

import static org.openrewrite.java.Assertions.java;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openrewrite.test.SourceSpecs;

/**
 * A small legacy library and its replacements, parsed in the same source tree as the code under test, as the
 * legacy library's own sources were in the original migration. Each test also checks that they stay exactly as
 * they are.
 */
final class LegacyLibrary {
  private LegacyLibrary() {}

  /** A legacy interface: an event manager per user. */
  static final String MANAGER = """
      package com.acme.legacy;

      import java.util.Map;

      public interface Manager {
          void send(String type, Map<String, Object> data);

          void ping();

          default void sendAll(Map<String, Object> data) {
              send("all", data);
          }
      }
      """;

  /** A legacy class whose methods call each other. */
  static final String LEGACY_FACTORY = """
      package com.acme.legacy;

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
              return getInstance().create(user);
          }
      }
      """;

  /** The replacement: static methods, one per legacy factory method. */
  static final String SERVICE = """
      package com.acme.legacy;

      import java.util.Map;

      public final class Service {
          private Service() {}

          public static Manager create(String user) {
              return new ServiceManager(user);
          }

          static final class ServiceManager implements Manager {
              private final String user;

              ServiceManager(String user) {
                  this.user = user;
              }

              @Override
              public void send(String type, Map<String, Object> data) {
              }

              @Override
              public void ping() {
                  send("ping", Map.of());
              }
          }
      }
      """;

  /** Static adapters taking the legacy receiver first; they call the legacy methods they adapt. */
  static final String ADAPTERS = """
      package com.acme.legacy;

      import java.util.Map;

      public final class Adapters {
          private Adapters() {}

          public static void send(Manager manager, String type, Map<String, Object> data) {
              manager.send(type, data);
          }

          public static void emit(Manager manager, String type, Map<String, Object> data) {
              manager.send(type, data);
          }

          public static void ping(Manager manager) {
              manager.ping();
          }
      }
      """;

  /** The whole library, which every test parses and expects unchanged, followed by {@code more}. */
  static SourceSpecs[] with(SourceSpecs... more) {
    List<SourceSpecs> all = new ArrayList<>(List.of(java(MANAGER), java(LEGACY_FACTORY), java(SERVICE), java(ADAPTERS)));
    all.addAll(Arrays.asList(more));
    return all.toArray(SourceSpecs[]::new);
  }
}
