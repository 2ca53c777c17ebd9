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
 * Replaces calls of a legacy instance method with calls of a static method that takes the legacy receiver first:
 * {@code manager.sendEvent(type, data)} becomes {@code LegacyAdapters.sendEvent(manager, type, data)}.
 *
 * <p>It rewrites qualified and unqualified calls (an unqualified call passes {@code this} or {@code Outer.this}),
 * calls through a subclass or sub-interface that inherits the legacy method, unbound method references
 * ({@code WebSocketManager::sendEvent} becomes {@code LegacyAdapters::sendEvent}), and bound ones whose receiver is
 * {@code this}, a final field or an effectively final variable ({@code manager::sendEvent} becomes
 * {@code (type, data) -> LegacyAdapters.sendEvent(manager, type, data)}); it imports the target class and drops
 * imports nothing uses any more. It leaves alone {@code super.method()} and {@code super::method} (the adapter
 * would dispatch again), bound references to any other receiver (a lambda would evaluate it at every call
 * instead of once), calls to an override declared by a subclass, and everything inside the legacy class and the
 * target class.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ChangeMethodTargetToStaticReceiverFirst extends Recipe {
  @Option(displayName = "Method pattern",
      description = "The legacy instance method. " + MethodMatcher.METHOD_PATTERN_DESCRIPTION,
      example = "com.example.ws.WebSocketManager sendEvent(java.lang.String, java.util.Map)")
  private final String methodPattern;

  @Option(displayName = "Fully-qualified target type name",
      description = "The class declaring the static replacement, which takes the legacy receiver first.",
      example = "com.example.ws.LegacyAdapters")
  private final String fullyQualifiedTargetTypeName;

  @Option(displayName = "New method name",
      description = "The replacement's name, if it is not the legacy method's.",
      example = "sendEvent",
      required = false)
  private final @Nullable String newMethodName;

  /** Creates the recipe; see the options for what each argument is. */
  @JsonCreator
  public ChangeMethodTargetToStaticReceiverFirst(
      @JsonProperty("methodPattern") String methodPattern,
      @JsonProperty("fullyQualifiedTargetTypeName") String fullyQualifiedTargetTypeName,
      @JsonProperty("newMethodName") @Nullable String newMethodName) {
    this.methodPattern = methodPattern;
    this.fullyQualifiedTargetTypeName = fullyQualifiedTargetTypeName;
    this.newMethodName = newMethodName;
  }

  /** The legacy instance method, as a method pattern. */
  public String getMethodPattern() {
    return methodPattern;
  }

  /** The class declaring the replacement. */
  public String getFullyQualifiedTargetTypeName() {
    return fullyQualifiedTargetTypeName;
  }

  /** The replacement's name, or null for the legacy method's name. */
  public @Nullable String getNewMethodName() {
    return newMethodName;
  }

  @Override
  public String getDisplayName() {
    return "Change method target to static, passing the receiver first";
  }

  @Override
  public String getDescription() {
    return "Replace calls of a legacy instance method with calls of a static method that takes the legacy "
        + "receiver as its first argument, followed by the legacy arguments.";
  }

  @Override
  public String getInstanceNameSuffix() {
    return "`" + methodPattern + "` to `" + fullyQualifiedTargetTypeName + "`";
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
    private final JavaType.FullyQualified target = JavaType.ShallowClass.build(fullyQualifiedTargetTypeName);

    @Override
    public J visitMethodInvocation(J.MethodInvocation method, ExecutionContext ctx) {
      J.MethodInvocation m = (J.MethodInvocation) super.visitMethodInvocation(method, ctx);
      JavaType.Method legacy = method.getMethodType();
      if (!applies(legacy)) {
        return m;
      }
      Expression select = m.getSelect();
      Expression receiver;
      if (select == null) {
        receiver = Receivers.implicitReceiver(getCursor(), legacy.getDeclaringType());
        if (receiver == null) {
          return m;
        }
      } else if (Receivers.isSuper(select)) {
        return m;
      } else {
        receiver = Trees.unwrap(select);
      }
      JavaType.Method replacement = Trees.receiverFirst(legacy, target, name(legacy));
      J.MethodInvocation call = m.getPadding()
          .withSelect(JRightPadded.build(
              Trees.identifier(select == null ? Space.EMPTY : select.getPrefix(), Trees.simpleName(target), target)))
          .getPadding().withArguments(Trees.prepend(receiver, m.getPadding().getArguments()))
          .withName(m.getName().withSimpleName(replacement.getName()).withType(replacement))
          .withMethodType(replacement);
      imports(legacy);
      return call;
    }

    @Override
    public J visitMemberReference(J.MemberReference memberRef, ExecutionContext ctx) {
      J.MemberReference ref = (J.MemberReference) super.visitMemberReference(memberRef, ctx);
      JavaType.Method legacy = memberRef.getMethodType();
      if (!applies(legacy)) {
        return ref;
      }
      Expression containing = ref.getContaining();
      JavaType.Method replacement = Trees.receiverFirst(legacy, target, name(legacy));
      if (Receivers.isTypeName(containing)) {
        imports(legacy);
        return ref.withContaining(Trees.identifier(containing.getPrefix(), Trees.simpleName(target), target))
            .withReference(ref.getReference().withSimpleName(replacement.getName()).withType(replacement))
            .withMethodType(replacement);
      }
      if (Receivers.isSuper(containing) || !Receivers.isStable(containing, getCursor())) {
        return ref;
      }
      List<J.Identifier> parameters = Trees.parameters(legacy.getParameterNames(), legacy.getParameterTypes(),
          Receivers.namesInScope(getCursor()));
      List<Expression> arguments = new ArrayList<>();
      arguments.add(Trees.unwrap(containing));
      arguments.addAll(parameters);
      J.MethodInvocation call = Trees.call(Space.EMPTY,
          Trees.identifier(Space.EMPTY, Trees.simpleName(target), target), replacement, arguments);
      imports(legacy);
      return Trees.lambda(ref.getPrefix(), parameters, call, ref.getType());
    }

    private boolean applies(JavaType.@Nullable Method legacy) {
      return legacy != null
          && !legacy.hasFlags(Flag.Static)
          && matcher.matches(legacy)
          && !Receivers.insideClassNamed(getCursor(),
              Set.of(legacy.getDeclaringType().getFullyQualifiedName(), fullyQualifiedTargetTypeName));
    }

    private String name(JavaType.Method legacy) {
      return newMethodName == null || newMethodName.isBlank() ? legacy.getName() : newMethodName;
    }

    private void imports(JavaType.Method legacy) {
      maybeAddImport(fullyQualifiedTargetTypeName);
      maybeRemoveImport(legacy.getDeclaringType());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeMethodTargetToStaticReceiverFirst that
        && Objects.equals(methodPattern, that.methodPattern)
        && Objects.equals(fullyQualifiedTargetTypeName, that.fullyQualifiedTargetTypeName)
        && Objects.equals(newMethodName, that.newMethodName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(methodPattern, fullyQualifiedTargetTypeName, newMethodName);
  }
}
