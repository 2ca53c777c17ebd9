package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sunset.rewrite.internal.Receivers;
import dev.sunset.rewrite.internal.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.openrewrite.Cursor;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Option;
import org.openrewrite.Recipe;
import org.openrewrite.Tree;
import org.openrewrite.TreeVisitor;
import org.openrewrite.Validated;
import org.openrewrite.java.JavaVisitor;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Loop;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.TypeUtils;

/**
 * Replaces reads and writes of a legacy field with calls of static accessors: a read {@code context.websocketManager}
 * becomes {@code ContextAdapters.managerOf(context)}, a write {@code holder.count = n;} becomes
 * {@code Adapters.setCount(holder, n);}. For an instance field the getter takes the object first
 * ({@code static T get(Legacy self)}) and the setter the object and the value ({@code static void set(Legacy self,
 * T value)}); for a static field they take no object. It rewrites qualified ({@code x.f}, {@code this.f},
 * {@code super.f}, {@code Legacy.f}) and unqualified uses ({@code f} in a subclass, which passes {@code this} or
 * {@code Outer.this}, or through a static import), imports the target class and drops imports nothing uses any more.
 *
 * <p>It leaves alone, and lists in {@link UsesLeftAlone}: a write whose value is used ({@code a = x.f = v}, a
 * lambda's body), a compound assignment ({@code x.f += v}) and an increment or decrement (each would need the getter
 * and the setter, and a receiver evaluated once), a use that must be a constant (an annotation's value, a case
 * label), a static field read through an instance, an unqualified use whose object cannot be written (inside an
 * anonymous class nested in a subclass), and an access the adapter has no accessor for (a getter or a setter not
 * named). It changes nothing inside the legacy class or the target class.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ChangeFieldAccessToStaticMethods extends Recipe {
  @Option(displayName = "Fully-qualified type name",
      description = "The class declaring the legacy field, nested classes written `Outer$Inner`.",
      example = "com.example.ws.AgentExecutionContext")
  private final String fullyQualifiedTypeName;

  @Option(displayName = "Field name",
      description = "The legacy field.",
      example = "websocketManager")
  private final String fieldName;

  @Option(displayName = "Fully-qualified target type name",
      description = "The class declaring the static accessors.",
      example = "com.example.ws.ContextAdapters")
  private final String fullyQualifiedTargetTypeName;

  @Option(displayName = "Getter name",
      description = "The static method that reads the field; reads are left alone without one.",
      example = "managerOf",
      required = false)
  private final @Nullable String getterName;

  @Option(displayName = "Setter name",
      description = "The static method that writes the field; writes are left alone without one.",
      example = "setWebsocketManager",
      required = false)
  private final @Nullable String setterName;

  private final transient UsesLeftAlone leftAlone = new UsesLeftAlone(this);

  /** Creates the recipe; see the options for what each argument is. */
  @JsonCreator
  public ChangeFieldAccessToStaticMethods(
      @JsonProperty("fullyQualifiedTypeName") String fullyQualifiedTypeName,
      @JsonProperty("fieldName") String fieldName,
      @JsonProperty("fullyQualifiedTargetTypeName") String fullyQualifiedTargetTypeName,
      @JsonProperty("getterName") @Nullable String getterName,
      @JsonProperty("setterName") @Nullable String setterName) {
    this.fullyQualifiedTypeName = fullyQualifiedTypeName;
    this.fieldName = fieldName;
    this.fullyQualifiedTargetTypeName = fullyQualifiedTargetTypeName;
    this.getterName = blankToNull(getterName);
    this.setterName = blankToNull(setterName);
  }

  private static @Nullable String blankToNull(@Nullable String name) {
    return name == null || name.isBlank() ? null : name;
  }

  /** The class declaring the legacy field. */
  public String getFullyQualifiedTypeName() {
    return fullyQualifiedTypeName;
  }

  /** The legacy field's name. */
  public String getFieldName() {
    return fieldName;
  }

  /** The class declaring the accessors. */
  public String getFullyQualifiedTargetTypeName() {
    return fullyQualifiedTargetTypeName;
  }

  /** The getter's name, or null: reads are left alone. */
  public @Nullable String getGetterName() {
    return getterName;
  }

  /** The setter's name, or null: writes are left alone. */
  public @Nullable String getSetterName() {
    return setterName;
  }

  @Override
  public String getDisplayName() {
    return "Change field reads and writes to static accessor calls";
  }

  @Override
  public String getDescription() {
    return "Replace reads of a legacy field with calls of a static getter, and writes made as statements with calls "
        + "of a static setter, each taking the field's object first for an instance field.";
  }

  @Override
  public String getInstanceNameSuffix() {
    return "`" + fullyQualifiedTypeName + "." + fieldName + "` to `" + fullyQualifiedTargetTypeName + "`";
  }

  @Override
  public Validated<Object> validate() {
    Validated<Object> valid = super.validate();
    if (getterName == null && setterName == null) {
      valid = valid.and(Validated.invalid("getterName", null, "a getter or a setter (or both) must be named"));
    }
    return valid;
  }

  @Override
  public TreeVisitor<?, ExecutionContext> getVisitor() {
    return new Visitor();
  }

  /** What a use of the field does where it stands. */
  private enum Access {
    READ, WRITE, COMPOUND, INCREMENT, NAME
  }

  private final class Visitor extends JavaVisitor<ExecutionContext> {
    private final JavaType.FullyQualified target = JavaType.ShallowClass.build(fullyQualifiedTargetTypeName);

    @Override
    public J visitFieldAccess(J.FieldAccess fieldAccess, ExecutionContext ctx) {
      J.FieldAccess f = (J.FieldAccess) super.visitFieldAccess(fieldAccess, ctx);
      JavaType.Variable field = fieldAccess.getName().getFieldType();
      if (!isTheField(field) || access() != Access.READ || insideImport()) {
        return f;
      }
      return read(f, f.getTarget(), field, fieldAccess, ctx);
    }

    @Override
    public J visitIdentifier(J.Identifier identifier, ExecutionContext ctx) {
      J.Identifier i = (J.Identifier) super.visitIdentifier(identifier, ctx);
      JavaType.Variable field = identifier.getFieldType();
      if (!isTheField(field) || isNamePart(identifier) || access() != Access.READ || insideImport()) {
        return i;
      }
      return read(i, null, field, identifier, ctx);
    }

    @Override
    public J visitAssignment(J.Assignment assignment, ExecutionContext ctx) {
      J.Assignment a = (J.Assignment) super.visitAssignment(assignment, ctx);
      Expression variable = withoutParentheses(assignment.getVariable());
      JavaType.Variable field = fieldOf(variable);
      if (!isTheField(field)) {
        return a;
      }
      if (setterName == null) {
        return leftAlone(a, assignment, "a write, and the adapter has no setter for the field", ctx);
      }
      if (getCursor().getParentTreeCursor().getValue() instanceof J.Lambda) {
        return leftAlone(a, assignment, "a write as a lambda's body, whose value the lambda may return", ctx);
      }
      if (!isStatement(getCursor(), assignment)) {
        return leftAlone(a, assignment, "a write whose value is used", ctx);
      }
      Expression written = withoutParentheses(a.getVariable());
      Receiver receiver = receiver(written instanceof J.FieldAccess access ? access.getTarget() : null, field);
      if (receiver.problem() != null) {
        return leftAlone(a, assignment, receiver.problem(), ctx);
      }
      List<Expression> arguments = new ArrayList<>();
      List<JavaType> parameterTypes = new ArrayList<>();
      if (receiver.expression() != null) {
        arguments.add(receiver.expression());
        parameterTypes.add(field.getOwner());
      }
      arguments.add(a.getAssignment());
      parameterTypes.add(field.getType());
      imports(field);
      return Trees.call(a.getPrefix(), Trees.identifier(Space.EMPTY, Trees.simpleName(target), target),
          accessor(setterName, JavaType.Primitive.Void, parameterTypes, field), arguments);
    }

    @Override
    public J visitAssignmentOperation(J.AssignmentOperation assignment, ExecutionContext ctx) {
      J.AssignmentOperation a = (J.AssignmentOperation) super.visitAssignmentOperation(assignment, ctx);
      if (isTheField(fieldOf(withoutParentheses(assignment.getVariable())))) {
        return leftAlone(a, assignment, "a compound assignment, which reads and writes the field", ctx);
      }
      return a;
    }

    @Override
    public J visitUnary(J.Unary unary, ExecutionContext ctx) {
      J.Unary u = (J.Unary) super.visitUnary(unary, ctx);
      if (unary.getOperator().isModifying() && isTheField(fieldOf(withoutParentheses(unary.getExpression())))) {
        return leftAlone(u, unary, "an increment or decrement, which reads and writes the field", ctx);
      }
      return u;
    }

    /** {@code use} (as visited: {@code original}) read through the getter; its object is {@code qualifier}'s. */
    private J read(Expression use, @Nullable Expression qualifier, JavaType.Variable field, Expression original,
        ExecutionContext ctx) {
      if (getterName == null) {
        return leftAlone(use, original, "a read, and the adapter has no getter for the field", ctx);
      }
      if (insideConstant()) {
        return leftAlone(use, original, "a use that must be a constant (an annotation's value or a case label)", ctx);
      }
      Receiver receiver = receiver(qualifier, field);
      if (receiver.problem() != null) {
        return leftAlone(use, original, receiver.problem(), ctx);
      }
      List<Expression> arguments = receiver.expression() == null ? List.of() : List.of(receiver.expression());
      List<JavaType> parameterTypes = receiver.expression() == null ? List.of() : List.of(field.getOwner());
      imports(field);
      return Trees.call(use.getPrefix(), Trees.identifier(Space.EMPTY, Trees.simpleName(target), target),
          accessor(getterName, field.getType(), parameterTypes, field), arguments);
    }

    /** The object to pass, none for a static field, or why there is none to write. */
    private Receiver receiver(@Nullable Expression qualifier, JavaType.Variable field) {
      boolean isStatic = field.hasFlags(Flag.Static);
      if (qualifier == null) {
        if (isStatic) {
          return new Receiver(null, null);
        }
        Expression implicit = field.getOwner() instanceof JavaType.FullyQualified owner
            ? Receivers.implicitReceiver(getCursor(), owner) : null;
        return implicit == null
            ? new Receiver(null, "an unqualified use whose object cannot be written here")
            : new Receiver(implicit, null);
      }
      if (isStatic) {
        return Receivers.isTypeName(qualifier)
            ? new Receiver(null, null)
            : new Receiver(null, "a static field used through an instance, whose expression would no longer run");
      }
      if (Receivers.isSuper(qualifier)) {
        JavaType.FullyQualified enclosing = enclosingClassType();
        return enclosing == null
            ? new Receiver(null, "an unqualified use whose object cannot be written here")
            : new Receiver(Trees.identifier(Space.EMPTY, "this", enclosing), null);
      }
      return new Receiver(Trees.unwrap(qualifier), null);
    }

    private JavaType.@Nullable FullyQualified enclosingClassType() {
      J.ClassDeclaration declaration = getCursor().firstEnclosing(J.ClassDeclaration.class);
      return declaration == null ? null : declaration.getType();
    }

    private JavaType.Method accessor(String name, @Nullable JavaType returnType, List<JavaType> parameterTypes,
        JavaType.Variable field) {
      List<String> names = new ArrayList<>();
      if (parameterTypes.size() == 2 || parameterTypes.size() == 1 && returnType != JavaType.Primitive.Void) {
        names.add(Trees.baseName(field.getOwner()));
      }
      if (returnType == JavaType.Primitive.Void) {
        names.add(fieldName);
      }
      return new JavaType.Method(null, Flag.flagsToBitMap(Set.of(Flag.Public, Flag.Static)), target, name,
          returnType, names, parameterTypes, List.of(), List.of(), null, null);
    }

    private boolean isTheField(JavaType.@Nullable Variable field) {
      return field != null
          && fieldName.equals(field.getName())
          && field.getOwner() instanceof JavaType.FullyQualified owner
          && TypeUtils.fullyQualifiedNamesAreEqual(owner.getFullyQualifiedName(), fullyQualifiedTypeName)
          && !Receivers.insideClassNamed(getCursor(), Set.of(fullyQualifiedTypeName, fullyQualifiedTargetTypeName));
    }

    /** Whether the identifier at the cursor is the name in {@code x.f} or a declaration's name, not a use. */
    private boolean isNamePart(J.Identifier identifier) {
      Object parent = getCursor().getParentTreeCursor().getValue();
      return parent instanceof J.FieldAccess access && access.getName().getId().equals(identifier.getId())
          || parent instanceof J.VariableDeclarations.NamedVariable variable
              && variable.getName().getId().equals(identifier.getId());
    }

    /** What the use at the cursor does, through any parentheses around it. */
    private Access access() {
      Cursor child = getCursor();
      Cursor parent = child.getParentTreeCursor();
      while (parent.getValue() instanceof J.Parentheses<?>) {
        child = parent;
        parent = parent.getParentTreeCursor();
      }
      Object use = child.getValue();
      Object p = parent.getValue();
      if (p instanceof J.Assignment a && a.getVariable() == use) {
        return Access.WRITE;
      }
      if (p instanceof J.AssignmentOperation a && a.getVariable() == use) {
        return Access.COMPOUND;
      }
      if (p instanceof J.Unary u && u.getOperator().isModifying()) {
        return Access.INCREMENT;
      }
      if (p instanceof J.MemberReference) {
        return Access.NAME;
      }
      return Access.READ;
    }

    private boolean insideImport() {
      return getCursor().firstEnclosing(J.Import.class) != null
          || getCursor().firstEnclosing(J.Package.class) != null;
    }

    /** Whether the cursor is in an annotation or in a case label, where only a constant may stand. */
    private boolean insideConstant() {
      Object child = getCursor().getValue();
      for (Cursor c = getCursor().getParentTreeCursor(); c != null; c = c.getParent()) {
        Object value = c.getValue();
        if (value instanceof J.Annotation) {
          return true;
        }
        if (value instanceof J.Case kase) {
          return kase.getCaseLabels().contains(child);
        }
        if (value instanceof J.Block || value instanceof J.ClassDeclaration) {
          return false;
        }
        if (value instanceof Tree) {
          child = value;
        }
      }
      return false;
    }

    private void imports(JavaType.Variable field) {
      maybeAddImport(fullyQualifiedTargetTypeName);
      maybeRemoveImport(fullyQualifiedTypeName.replace('$', '.') + "." + fieldName);
      if (field.getOwner() instanceof JavaType.FullyQualified owner) {
        maybeRemoveImport(owner);
      }
    }

    private <T extends J> T leftAlone(T current, J original, String reason, ExecutionContext ctx) {
      leftAlone.insertRow(ctx, new UsesLeftAlone.Row(Trees.sourcePath(getCursor()), fullyQualifiedTypeName,
          fieldName, original.printTrimmed(getCursor().getParentOrThrow()), reason));
      return current;
    }
  }

  /** Whether a statement stands where its value is not used: in a block, a branch, a loop's body or update. */
  private static boolean isStatement(Cursor cursor, J node) {
    Object parent = cursor.getParentTreeCursor().getValue();
    if (parent instanceof J.Block || parent instanceof J.Label) {
      return true;
    }
    if (parent instanceof J.If branch) {
      return branch.getThenPart() == node;
    }
    if (parent instanceof J.If.Else otherwise) {
      return otherwise.getBody() == node;
    }
    if (parent instanceof Loop loop) {
      return loop.getBody() == node;
    }
    if (parent instanceof J.ForLoop.Control control) {
      return control.getInit().contains(node) || control.getUpdate().contains(node);
    }
    if (parent instanceof J.Case kase) {
      if (kase.getStatements().contains(node)) {
        return true;
      }
      // an arrow case's body is a statement in a switch statement, a value in a switch expression
      return kase.getBody() == node && cursor.getParentTreeCursor().getParentTreeCursor().getParentTreeCursor()
          .getValue() instanceof J.Switch;
    }
    return false;
  }

  private static Expression withoutParentheses(Expression expression) {
    Expression e = expression;
    while (e instanceof J.Parentheses<?> parentheses && parentheses.getTree() instanceof Expression inner) {
      e = inner;
    }
    return e;
  }

  private static JavaType.@Nullable Variable fieldOf(Expression expression) {
    if (expression instanceof J.FieldAccess access) {
      return access.getName().getFieldType();
    }
    return expression instanceof J.Identifier identifier ? identifier.getFieldType() : null;
  }

  /** The object a rewritten access passes, or null (a static field), or why none can be written. */
  private record Receiver(@Nullable Expression expression, @Nullable String problem) {}

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeFieldAccessToStaticMethods that
        && Objects.equals(fullyQualifiedTypeName, that.fullyQualifiedTypeName)
        && Objects.equals(fieldName, that.fieldName)
        && Objects.equals(fullyQualifiedTargetTypeName, that.fullyQualifiedTargetTypeName)
        && Objects.equals(getterName, that.getterName)
        && Objects.equals(setterName, that.setterName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fullyQualifiedTypeName, fieldName, fullyQualifiedTargetTypeName, getterName, setterName);
  }
}
