package dev.sunset.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * The Sunset rules the shim ships ({@code META-INF/sunset/rules.yaml}), mapped to {@link MigrationRule}s the way a
 * {@code sunset recipe} command would: rules without a replacement are skipped, and whether a legacy method is
 * static is read off the legacy class.
 */
final class ShippedRules {
  static final String RESOURCE = "META-INF/sunset/rules.yaml";

  private ShippedRules() {}

  static List<MigrationRule> migrationRules() {
    ClassLoader loader = ShippedRules.class.getClassLoader();
    Object document;
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path (the sunset-shim jar ships it)");
      }
      document = new Load(LoadSettings.builder().setSchema(new FailsafeSchema()).build()).loadFromInputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<MigrationRule> rules = new ArrayList<>();
    for (Object entry : (List<?>) ((Map<?, ?>) document).get("rules")) {
      Map<?, ?> rule = (Map<?, ?>) entry;
      Object replacement = rule.get("replacement");
      if (replacement != null) {
        String legacy = (String) rule.get("legacy");
        rules.add(MigrationRule.of(legacy, isStatic(legacy, loader), (String) replacement));
      }
    }
    return rules;
  }

  /** Whether {@code owner#name(types)} is a static method, read by reflection on the legacy class. */
  private static boolean isStatic(String member, ClassLoader loader) {
    int hash = member.indexOf('#');
    int open = member.indexOf('(');
    String inside = member.substring(open + 1, member.length() - 1).strip();
    List<Class<?>> types = new ArrayList<>();
    try {
      if (!inside.isEmpty()) {
        for (String type : inside.split(",")) {
          types.add(Class.forName(type.strip(), false, loader));
        }
      }
      Method method = Class.forName(member.substring(0, hash), false, loader)
          .getMethod(member.substring(hash + 1, open), types.toArray(Class<?>[]::new));
      return Modifier.isStatic(method.getModifiers());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("rule member " + member + " is not on the class path", e);
    }
  }
}
