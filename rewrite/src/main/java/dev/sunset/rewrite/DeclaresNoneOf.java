package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Option;
import org.openrewrite.Recipe;
import org.openrewrite.SourceFile;
import org.openrewrite.Tree;
import org.openrewrite.TreeVisitor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaSourceFile;
import org.openrewrite.marker.SearchResult;

/**
 * Finds the Java source files that declare none of the given types: as a precondition, it keeps a migration
 * away from the legacy library's own sources and from the replacements' sources when they sit in the same source
 * tree as their callers, so that a legacy method calling another legacy method, or an adapter calling the legacy
 * method it adapts, stays exactly as it is.
 *
 * <p>A file declares a type if it declares it at the top level or nested in another class. Other kinds of source
 * file are never found.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DeclaresNoneOf extends Recipe {
  @Option(displayName = "Fully-qualified type names",
      description = "The types whose declaring source files are not found, nested types written `Outer$Inner`.",
      example = "com.example.ws.WebSocketManagerFactory")
  private final List<String> fullyQualifiedTypeNames;

  /** Creates the recipe finding the files that declare none of {@code fullyQualifiedTypeNames}. */
  @JsonCreator
  public DeclaresNoneOf(@JsonProperty("fullyQualifiedTypeNames") @Nullable List<String> fullyQualifiedTypeNames) {
    this.fullyQualifiedTypeNames = fullyQualifiedTypeNames == null ? List.of() : List.copyOf(fullyQualifiedTypeNames);
  }

  /** The types whose declaring files are not found. */
  public List<String> getFullyQualifiedTypeNames() {
    return fullyQualifiedTypeNames;
  }

  @Override
  public String getDisplayName() {
    return "Find source files that declare none of the given types";
  }

  @Override
  public String getDescription() {
    return "Find the Java source files that declare none of the given types, top level or nested; as a "
        + "precondition it keeps a recipe away from the declarations of those types.";
  }

  @Override
  public TreeVisitor<?, ExecutionContext> getVisitor() {
    Set<String> names = Set.copyOf(fullyQualifiedTypeNames);
    return new TreeVisitor<Tree, ExecutionContext>() {
      @Override
      public boolean isAcceptable(SourceFile sourceFile, ExecutionContext ctx) {
        return sourceFile instanceof JavaSourceFile;
      }

      @Override
      public @Nullable Tree visit(@Nullable Tree tree, ExecutionContext ctx) {
        if (!(tree instanceof JavaSourceFile file)) {
          return tree;
        }
        boolean[] declares = {false};
        new JavaIsoVisitor<ExecutionContext>() {
          @Override
          public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration declaration, ExecutionContext p) {
            if (declaration.getType() != null && names.contains(declaration.getType().getFullyQualifiedName())) {
              declares[0] = true;
              return declaration;
            }
            return super.visitClassDeclaration(declaration, p);
          }
        }.visit(tree, ctx);
        return declares[0] ? tree : SearchResult.found(tree);
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeclaresNoneOf that && fullyQualifiedTypeNames.equals(that.fullyQualifiedTypeNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fullyQualifiedTypeNames);
  }
}
