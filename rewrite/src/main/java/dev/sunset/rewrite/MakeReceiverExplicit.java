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
import org.openrewrite.ExecutionContext;
import org.openrewrite.Option;
import org.openrewrite.Preconditions;
import org.openrewrite.Recipe;
import org.openrewrite.TreeVisitor;
import org.openrewrite.Validated;
import org.openrewrite.java.JavaVisitor;
import org.openrewrite.java.MethodMatcher;
import org.openrewrite.java.search.UsesMethod;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JRightPadded;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;

/**
 * Writes out the receiver of calls and method references of a method wherever it is implicit, so that
 * OpenRewrite's {@code ChangeMethodTargetToStatic} can then move them without breaking or missing any.
 *
 * <p>Without it, {@code ChangeMethodTargetToStatic} misses an unqualified call from a subclass ({@code create(x)}
 * in a class extending the legacy one: the static import it adds is shadowed by the inherited method, so the
 * legacy method still runs) and breaks an unbound reference to an instance method ({@code Legacy::create} as a
 * {@code BiFunction<Legacy, String, Widget>} becomes {@code Service::create}, which does not compile). This recipe
 * turns the first into {@code this.create(x)} (or {@code Outer.this.create(x)}, or {@code Legacy.create(x)} for a
 * static method) and the second into {@code (legacy, name) -> legacy.create(name)}. It changes nothing inside the
 * class declaring the method, and leaves an unqualified call from inside a class nested in an anonymous subclass,
 * whose receiver cannot be written.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class MakeReceiverExplicit extends Recipe {
  @Option(displayName = "Method pattern",
      description = MethodMatcher.METHOD_PATTERN_DESCRIPTION,
      example = "com.example.ws.WebSocketManagerFactory createForUser(com.example.ws.UserExecutionContext)")
  private final String methodPattern;

  /** Creates the recipe for the methods matching {@code methodPattern}. */
  @JsonCreator
  public MakeReceiverExplicit(@JsonProperty("methodPattern") String methodPattern) {
    this.methodPattern = methodPattern;
  }

  /** The method whose receivers are written out, as a method pattern. */
  public String getMethodPattern() {
    return methodPattern;
  }

  @Override
  public String getDisplayName() {
    return "Make the receiver of method calls explicit";
  }

  @Override
  public String getDescription() {
    return "Qualify unqualified calls of a method with `this`, `Outer.this` or the declaring class, and turn "
        + "unbound references to it into lambdas, so that its calls can be moved to another class.";
  }

  @Override
  public String getInstanceNameSuffix() {
    return "of `" + methodPattern + "`";
  }

  @Override
  public Validated<Object> validate() {
    return super.validate().and(MethodMatcher.validate(methodPattern));
  }

  @Override
  public TreeVisitor<?, ExecutionContext> getVisitor() {
    return Preconditions.check(new UsesMethod<>(methodPattern, false), new Visitor());
  }

  private final class Visitor extends JavaVisitor<ExecutionContext> {
    private final MethodMatcher matcher = new MethodMatcher(methodPattern, false);

    @Override
    public J visitMethodInvocation(J.MethodInvocation method, ExecutionContext ctx) {
      J.MethodInvocation m = (J.MethodInvocation) super.visitMethodInvocation(method, ctx);
      JavaType.Method type = method.getMethodType();
      if (m.getSelect() != null || !applies(type)) {
        return m;
      }
      JavaType.FullyQualified owner = type.getDeclaringType();
      Expression receiver;
      if (type.hasFlags(Flag.Static)) {
        if (!Receivers.insideSubtypeOf(getCursor(), owner)) {
          return m; // a static import: ChangeMethodTargetToStatic replaces it
        }
        receiver = Trees.identifier(Space.EMPTY, Trees.simpleName(owner), owner);
        maybeAddImport(owner.getFullyQualifiedName());
      } else {
        receiver = Receivers.implicitReceiver(getCursor(), owner);
        if (receiver == null) {
          return m;
        }
      }
      return m.getPadding().withSelect(JRightPadded.build(receiver));
    }

    @Override
    public J visitMemberReference(J.MemberReference memberRef, ExecutionContext ctx) {
      J.MemberReference ref = (J.MemberReference) super.visitMemberReference(memberRef, ctx);
      JavaType.Method type = memberRef.getMethodType();
      if (!applies(type) || type.hasFlags(Flag.Static) || !Receivers.isTypeName(ref.getContaining())) {
        return ref;
      }
      // An unbound reference: the functional interface's first parameter is the receiver.
      List<JavaType> parameterTypes = new ArrayList<>();
      parameterTypes.add(type.getDeclaringType());
      parameterTypes.addAll(type.getParameterTypes());
      List<String> parameterNames = new ArrayList<>();
      parameterNames.add(Trees.baseName(type.getDeclaringType()));
      parameterNames.addAll(type.getParameterNames());
      List<J.Identifier> parameters =
          Trees.parameters(parameterNames, parameterTypes, Receivers.namesInScope(getCursor()));
      J.MethodInvocation call = Trees.call(Space.EMPTY, parameters.get(0), type,
          parameters.subList(1, parameters.size()));
      return Trees.lambda(ref.getPrefix(), parameters, call, ref.getType());
    }

    private boolean applies(JavaType.Method type) {
      return type != null
          && matcher.matches(type)
          && !Receivers.insideClassNamed(getCursor(), Set.of(type.getDeclaringType().getFullyQualifiedName()));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MakeReceiverExplicit that && Objects.equals(methodPattern, that.methodPattern);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(methodPattern);
  }
}
