package dev.sunset.rewrite.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.HashSet;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.openrewrite.Cursor;
import org.openrewrite.Tree;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.VariableNameUtils;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaSourceFile;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.TypeUtils;

/** What the receiver of a call or method reference is, read off the tree around a cursor. */
@API(status = INTERNAL, since = "0.1.0")
public final class Receivers {
  private Receivers() {}

  /** Whether the cursor is inside a class (or a class nested in one) whose fully qualified name is in {@code names}. */
  public static boolean insideClassNamed(Cursor cursor, Set<String> names) {
    for (Cursor c = cursor; c != null; c = c.getParent()) {
      if (c.getValue() instanceof J.ClassDeclaration declaration
          && declaration.getType() != null
          && names.contains(declaration.getType().getFullyQualifiedName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the explicit form of the implicit receiver of an unqualified call, at the cursor, of an instance method
   * declared by {@code owner}: {@code this} if the innermost class inherits the method, {@code Outer.this} if an
   * enclosing named class does, or null where neither can be written (an enclosing anonymous class).
   */
  public static @Nullable Expression implicitReceiver(Cursor cursor, JavaType.FullyQualified owner) {
    boolean innermost = true;
    Object inner = null;
    for (Cursor c = cursor; c != null; c = c.getParent()) {
      Object value = c.getValue();
      if (value instanceof J.ClassDeclaration declaration) {
        JavaType.FullyQualified type = declaration.getType();
        if (inherits(type, owner)) {
          return innermost
              ? Trees.identifier(Space.EMPTY, "this", type)
              : Trees.qualifiedThis(declaration.getSimpleName(), type);
        }
        innermost = false;
      } else if (value instanceof J.NewClass newClass && newClass.getBody() != null && inner == newClass.getBody()) {
        if (inherits(newClass.getType(), owner)) {
          return innermost ? Trees.identifier(Space.EMPTY, "this", newClass.getType()) : null;
        }
        innermost = false;
      }
      if (value instanceof Tree) {
        inner = value;
      }
    }
    return null;
  }

  /** Whether an unqualified call at the cursor is made from a class that inherits {@code owner}'s members. */
  public static boolean insideSubtypeOf(Cursor cursor, JavaType.FullyQualified owner) {
    Object inner = null;
    for (Cursor c = cursor; c != null; c = c.getParent()) {
      Object value = c.getValue();
      if (value instanceof J.ClassDeclaration declaration && inherits(declaration.getType(), owner)) {
        return true;
      }
      if (value instanceof J.NewClass newClass && inner == newClass.getBody() && inherits(newClass.getType(), owner)) {
        return true;
      }
      if (value instanceof Tree) {
        inner = value;
      }
    }
    return false;
  }

  private static boolean inherits(@Nullable JavaType type, JavaType.FullyQualified owner) {
    return type != null && TypeUtils.isAssignableTo(owner.getFullyQualifiedName(), type);
  }

  /** Whether {@code expression} names a type ({@code Legacy} in {@code Legacy::create}) rather than a value. */
  public static boolean isTypeName(Expression expression) {
    if (expression instanceof J.ParameterizedType) {
      return true;
    }
    if (expression instanceof J.Identifier identifier) {
      return identifier.getFieldType() == null
          && !isKeyword(identifier.getSimpleName())
          && identifier.getType() instanceof JavaType.FullyQualified;
    }
    if (expression instanceof J.FieldAccess access) {
      return access.getName().getFieldType() == null
          && !isKeyword(access.getSimpleName())
          && access.getType() instanceof JavaType.FullyQualified;
    }
    return false;
  }

  /** Whether {@code expression} is {@code super} or {@code Outer.super}. */
  public static boolean isSuper(@Nullable Expression expression) {
    return expression instanceof J.Identifier identifier && identifier.getSimpleName().equals("super")
        || expression instanceof J.FieldAccess access && access.getSimpleName().equals("super");
  }

  /**
   * Whether evaluating {@code expression} again, each time a lambda replacing a bound method reference runs,
   * gives what the reference captured once: {@code this}, {@code Outer.this}, a final field, or an effectively
   * final local variable or parameter.
   */
  public static boolean isStable(Expression expression, Cursor cursor) {
    if (expression instanceof J.Parentheses<?> parentheses && parentheses.getTree() instanceof Expression inner) {
      return isStable(inner, cursor);
    }
    if (expression instanceof J.Identifier identifier) {
      if (identifier.getSimpleName().equals("this")) {
        return true;
      }
      JavaType.Variable variable = identifier.getFieldType();
      if (variable == null) {
        return false;
      }
      if (variable.getOwner() instanceof JavaType.FullyQualified) {
        return variable.hasFlags(Flag.Final);
      }
      return effectivelyFinal(identifier.getSimpleName(), cursor);
    }
    if (expression instanceof J.FieldAccess access) {
      if (access.getSimpleName().equals("this")) {
        return true;
      }
      JavaType.Variable field = access.getName().getFieldType();
      return field != null && field.hasFlags(Flag.Final)
          && (isTypeName(access.getTarget()) || isStable(access.getTarget(), cursor));
    }
    return false;
  }

  private static boolean isKeyword(String name) {
    return name.equals("this") || name.equals("super");
  }

  /**
   * Whether the local variable or parameter {@code name} seen at the cursor is effectively final: declared with an
   * initializer (or as a parameter) and never assigned anywhere in the outermost enclosing method. Judged by
   * name, so a same-named variable assigned elsewhere in that method makes the answer no.
   */
  private static boolean effectivelyFinal(String name, Cursor cursor) {
    J scope = null;
    for (Cursor c = cursor; c != null; c = c.getParent()) {
      if (c.getValue() instanceof J.MethodDeclaration method) {
        scope = method;
      } else if (scope == null && c.getValue() instanceof JavaSourceFile file) {
        scope = (J) file;
      }
    }
    if (scope == null) {
      return false;
    }
    boolean[] declared = {false};
    boolean[] reassigned = {false};
    new JavaIsoVisitor<Set<String>>() {
      @Override
      public J.VariableDeclarations visitVariableDeclarations(J.VariableDeclarations declarations, Set<String> p) {
        for (J.VariableDeclarations.NamedVariable variable : declarations.getVariables()) {
          if (variable.getSimpleName().equals(name)) {
            Object parent = getCursor().getParentTreeCursor().getValue();
            boolean parameter = parent instanceof J.MethodDeclaration || parent instanceof J.Lambda.Parameters
                || parent instanceof J.Lambda || parent instanceof J.ControlParentheses
                || parent instanceof J.ForEachLoop.Control;
            if (variable.getInitializer() != null || parameter || declarations.hasModifier(J.Modifier.Type.Final)) {
              declared[0] = true;
            } else {
              reassigned[0] = true; // assigned later, not at its declaration: not judged, so not stable
            }
          }
        }
        return super.visitVariableDeclarations(declarations, p);
      }

      @Override
      public J.Assignment visitAssignment(J.Assignment assignment, Set<String> p) {
        if (named(assignment.getVariable())) {
          reassigned[0] = true;
        }
        return super.visitAssignment(assignment, p);
      }

      @Override
      public J.AssignmentOperation visitAssignmentOperation(J.AssignmentOperation assignment, Set<String> p) {
        if (named(assignment.getVariable())) {
          reassigned[0] = true;
        }
        return super.visitAssignmentOperation(assignment, p);
      }

      @Override
      public J.Unary visitUnary(J.Unary unary, Set<String> p) {
        if (unary.getOperator().isModifying() && named(unary.getExpression())) {
          reassigned[0] = true;
        }
        return super.visitUnary(unary, p);
      }

      private boolean named(Expression expression) {
        return expression instanceof J.Identifier identifier && identifier.getSimpleName().equals(name);
      }
    }.visit(scope, new HashSet<>(), cursor.getRoot());
    return declared[0] && !reassigned[0];
  }

  /** Names already used as variables at the cursor, which new lambda parameters must not take; modifiable. */
  public static Set<String> namesInScope(Cursor cursor) {
    return new HashSet<>(VariableNameUtils.findNamesInScope(cursor));
  }
}
