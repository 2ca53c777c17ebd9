package dev.sunset.core.rules.generate;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Error Prone's {@code @com.google.errorprone.annotations.InlineMe} as a class file holds it (its retention is
 * {@code CLASS}: a {@code RuntimeInvisibleAnnotations} entry, which reflection never sees but ASM reads).
 *
 * @param replacement the Java expression that replaces a call, in terms of the parameters' names and {@code this}
 * @param imports the classes the expression names, in full
 * @param staticImports the static members the expression names unqualified, in full
 */
@API(status = INTERNAL, since = "0.1.0")
public record InlineMe(String replacement, List<String> imports, List<String> staticImports) {
  /** The annotation's descriptor. */
  public static final String DESCRIPTOR = "Lcom/google/errorprone/annotations/InlineMe;";

  /** An annotation; the lists are copied. */
  public InlineMe {
    replacement = replacement == null ? "" : replacement;
    imports = List.copyOf(imports);
    staticImports = List.copyOf(staticImports);
  }
}
