package dev.sunset.rewrite;

import static org.openrewrite.java.Assertions.java;
import static org.openrewrite.test.RewriteTest.toRecipe;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Preconditions;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.J;
import org.openrewrite.marker.SearchResult;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class DeclaresNoneOfTest implements RewriteTest {
  /** Marks every class the precondition lets through. */
  @Override
  public void defaults(RecipeSpec spec) {
    spec.recipe(toRecipe(() -> Preconditions.check(
        new DeclaresNoneOf(List.of("com.acme.Legacy", "com.acme.Outer$Nested")),
        new JavaIsoVisitor<>() {
          @Override
          public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration declaration, ExecutionContext ctx) {
            J.ClassDeclaration c = super.visitClassDeclaration(declaration, ctx);
            return c.getMarkers().findFirst(SearchResult.class).isPresent() ? c : SearchResult.found(c);
          }
        })));
  }

  @Test
  void filesDeclaringAGivenTypeTopLevelOrNestedAreNotFoundAndOthersAre() {
    rewriteRun(
        java("""
            package com.acme;

            public class Legacy {
            }
            """),
        java("""
            package com.acme;

            public class Outer {
                public static class Nested {
                }
            }
            """),
        java(
            """
                package com.acme;

                public class Other {
                }
                """,
            """
                package com.acme;

                /*~~>*/public class Other {
                }
                """));
  }
}
