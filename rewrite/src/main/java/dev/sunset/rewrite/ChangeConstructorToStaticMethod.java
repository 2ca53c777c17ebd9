package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sunset.rewrite.internal.Receivers;
import dev.sunset.rewrite.internal.Trees;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Option;
import org.openrewrite.Recipe;
import org.openrewrite.Tree;
import org.openrewrite.TreeVisitor;
import org.openrewrite.Validated;
import org.openrewrite.java.JavaVisitor;
import org.openrewrite.java.MethodMatcher;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JRightPadded;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.TypeUtils;

/**
 * Replaces calls of a legacy constructor with calls of a static factory method that takes the same parameters:
 * {@code new AgentExecutionContext(run, manager)} becomes {@code ContextAdapters.contextFor(run, manager)}, and the
 * constructor reference {@code AgentExecutionContext::new} becomes {@code ContextAdapters::contextFor}. It imports the
 * target class and drops the legacy import when nothing uses it any more.
 *
 * <p>It leaves alone, and lists in {@link UsesLeftAlone}: an anonymous subclass ({@code new Legacy(x) { ... }}),
 * which a factory cannot create, and a creation through an enclosing instance ({@code outer.new Inner(x)}). It never
 * touches {@code super(...)} or {@code this(...)} in a constructor (a subclass stays a subclass), nor anything inside
 * the legacy class or the target class.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ChangeConstructorToStaticMethod extends Recipe {
  @Option(displayName = "Constructor pattern",
      description = "The legacy constructor, as a method pattern whose name is `<constructor>`.",
      example = "com.example.ws.AgentExecutionContext <constructor>(com.example.ws.UserExecutionContext, "
          + "com.example.ws.WebSocketManager)")
  private final String constructorPattern;

  @Option(displayName = "Fully-qualified target type name",
      description = "The class declaring the static factory, which takes the constructor's parameters.",
      example = "com.example.ws.ContextAdapters")
  private final String fullyQualifiedTargetTypeName;

  @Option(displayName = "Factory method name",
      description = "The static factory's name.",
      example = "contextFor")
  private final String methodName;

  private final transient UsesLeftAlone leftAlone = new UsesLeftAlone(this);

  /** Creates the recipe; see the options for what each argument is. */
  @JsonCreator
  public ChangeConstructorToStaticMethod(
      @JsonProperty("constructorPattern") String constructorPattern,
      @JsonProperty("fullyQualifiedTargetTypeName") String fullyQualifiedTargetTypeName,
      @JsonProperty("methodName") String methodName) {
    this.constructorPattern = constructorPattern;
    this.fullyQualifiedTargetTypeName = fullyQualifiedTargetTypeName;
    this.methodName = methodName;
  }

  /** The legacy constructor, as a method pattern. */
  public String getConstructorPattern() {
    return constructorPattern;
  }

  /** The class declaring the factory. */
  public String getFullyQualifiedTargetTypeName() {
    return fullyQualifiedTargetTypeName;
  }

  /** The factory's name. */
  public String getMethodName() {
    return methodName;
  }

  @Override
  public String getDisplayName() {
    return "Change a constructor call to a static factory call";
  }

  @Override
  public String getDescription() {
    return "Replace calls of a legacy constructor, and constructor references, with calls of a static factory "
        + "method that takes the same parameters.";
  }

  @Override
  public String getInstanceNameSuffix() {
    return "`" + constructorPattern + "` to `" + fullyQualifiedTargetTypeName + "." + methodName + "`";
  }

  @Override
  public Validated<Object> validate() {
    Validated<Object> valid = super.validate().and(MethodMatcher.validate(constructorPattern));
    if (constructorPattern != null && !constructorPattern.contains(" <constructor>(")) {
      valid = valid.and(Validated.invalid("constructorPattern", constructorPattern,
          "names a method, not a constructor (<constructor>)"));
    }
    return valid;
  }

  @Override
  public TreeVisitor<?, ExecutionContext> getVisitor() {
    return new Visitor();
  }

  private final class Visitor extends JavaVisitor<ExecutionContext> {
    private final MethodMatcher matcher = new MethodMatcher(constructorPattern, false);
    private final JavaType.FullyQualified target = JavaType.ShallowClass.build(fullyQualifiedTargetTypeName);

    @Override
    public J visitNewClass(J.NewClass newClass, ExecutionContext ctx) {
      J.NewClass n = (J.NewClass) super.visitNewClass(newClass, ctx);
      JavaType.Method constructor = newClass.getConstructorType();
      JavaType.FullyQualified extended = newClass.getBody() == null || newClass.getClazz() == null ? null
          : TypeUtils.asFullyQualified(newClass.getClazz().getType());
      if (constructor != null && extended != null) {
        // an anonymous subclass's constructor is its own; the one it calls is the extended class's
        constructor = constructor.withDeclaringType(extended);
      }
      if (!applies(constructor)) {
        return n;
      }
      if (newClass.getBody() != null) {
        leftAlone(newClass, constructor, "an anonymous subclass: a factory returns an instance, not a new subclass",
            ctx);
        return n;
      }
      if (newClass.getEnclosing() != null) {
        leftAlone(newClass, constructor, "created through an enclosing instance, which the factory does not take",
            ctx);
        return n;
      }
      JavaType.Method factory = factory(constructor);
      imports(constructor);
      return new J.MethodInvocation(Tree.randomId(), n.getPrefix(), n.getMarkers(),
          JRightPadded.build(Trees.identifier(Space.EMPTY, Trees.simpleName(target), target)), null,
          Trees.identifier(Space.EMPTY, methodName, factory),
          n.getPadding().getArguments().withBefore(Space.EMPTY), factory);
    }

    @Override
    public J visitMemberReference(J.MemberReference memberRef, ExecutionContext ctx) {
      J.MemberReference ref = (J.MemberReference) super.visitMemberReference(memberRef, ctx);
      JavaType.Method constructor = memberRef.getMethodType();
      if (!applies(constructor) || !"new".equals(ref.getReference().getSimpleName())) {
        return ref;
      }
      JavaType.Method factory = factory(constructor);
      imports(constructor);
      return ref.withContaining(Trees.identifier(ref.getContaining().getPrefix(), Trees.simpleName(target), target))
          .withReference(ref.getReference().withSimpleName(methodName).withType(factory))
          .withMethodType(factory);
    }

    private boolean applies(JavaType.@Nullable Method constructor) {
      return constructor != null
          && constructor.isConstructor()
          && matcher.matches(constructor)
          && !Receivers.insideClassNamed(getCursor(),
              Set.of(constructor.getDeclaringType().getFullyQualifiedName(), fullyQualifiedTargetTypeName));
    }

    /** The factory's method type: the constructor's parameters, returning the legacy class. */
    private JavaType.Method factory(JavaType.Method constructor) {
      return constructor.withDeclaringType(target)
          .withName(methodName)
          .withReturnType(constructor.getDeclaringType())
          .withFlags(EnumSet.of(Flag.Public, Flag.Static));
    }

    private void imports(JavaType.Method constructor) {
      maybeAddImport(fullyQualifiedTargetTypeName);
      maybeRemoveImport(constructor.getDeclaringType());
    }

    private void leftAlone(J.NewClass newClass, JavaType.Method constructor, String reason, ExecutionContext ctx) {
      leftAlone.insertRow(ctx, new UsesLeftAlone.Row(Trees.sourcePath(getCursor()),
          constructor.getDeclaringType().getFullyQualifiedName(), Trees.constructorMember(constructor),
          newClass.printTrimmed(getCursor().getParentOrThrow()), reason));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeConstructorToStaticMethod that
        && Objects.equals(constructorPattern, that.constructorPattern)
        && Objects.equals(fullyQualifiedTargetTypeName, that.fullyQualifiedTargetTypeName)
        && Objects.equals(methodName, that.methodName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(constructorPattern, fullyQualifiedTargetTypeName, methodName);
  }
}
