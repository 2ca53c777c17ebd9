package dev.sunset.rewrite.internal;

import static java.util.Collections.emptyList;
import static org.apiguardian.api.API.Status.INTERNAL;
import static org.openrewrite.Tree.randomId;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import org.apiguardian.api.API;
import org.openrewrite.Cursor;
import org.openrewrite.SourceFile;
import org.jspecify.annotations.Nullable;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JContainer;
import org.openrewrite.java.tree.JLeftPadded;
import org.openrewrite.java.tree.JRightPadded;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.marker.Markers;

/** Builds the trees the recipes put in place of legacy calls, with their types. */
@API(status = INTERNAL, since = "0.1.0")
public final class Trees {
  private static final Pattern SYNTHETIC_PARAMETER_NAME = Pattern.compile("arg\\d+");

  private Trees() {}

  /** An identifier of a type, or of {@code this}, with its type. */
  public static J.Identifier identifier(Space prefix, String name, @Nullable JavaType type) {
    return new J.Identifier(randomId(), prefix, Markers.EMPTY, emptyList(), name, type, null);
  }

  /** {@code Outer.this}. */
  public static J.FieldAccess qualifiedThis(String outer, JavaType.FullyQualified type) {
    return new J.FieldAccess(randomId(), Space.EMPTY, Markers.EMPTY, identifier(Space.EMPTY, outer, type),
        JLeftPadded.build(identifier(Space.EMPTY, "this", type)), type);
  }

  /** The simple name a type is written with once imported, such as {@code LegacyAdapters} or {@code Outer.Inner}. */
  public static String simpleName(JavaType.FullyQualified type) {
    return type.getClassName();
  }

  /** {@code expression} without the parentheses around it, which an argument does not need. */
  public static Expression unwrap(Expression expression) {
    Expression e = expression;
    while (e instanceof J.Parentheses<?> parentheses && parentheses.getTree() instanceof Expression inner) {
      e = inner.withPrefix(e.getPrefix());
    }
    return e;
  }

  /**
   * The method type of the static replacement {@code target#name} that takes the receiver of {@code legacy}
   * first, then {@code legacy}'s parameters, and returns what {@code legacy} returns.
   */
  public static JavaType.Method receiverFirst(JavaType.Method legacy, JavaType.FullyQualified target, String name) {
    List<JavaType> parameterTypes = new ArrayList<>();
    parameterTypes.add(legacy.getDeclaringType());
    parameterTypes.addAll(legacy.getParameterTypes());
    List<String> parameterNames = new ArrayList<>();
    parameterNames.add(baseName(legacy.getDeclaringType()));
    parameterNames.addAll(legacy.getParameterNames());
    return legacy.withDeclaringType(target)
        .withName(name)
        .withFlags(EnumSet.of(Flag.Public, Flag.Static))
        .withParameterTypes(parameterTypes)
        .withParameterNames(parameterNames);
  }

  /**
   * Arguments {@code first, then...} laid out like {@code then}: {@code first} takes the place (and the
   * whitespace) of the old first argument, which moves one place on, on its own line if it had one.
   */
  public static JContainer<Expression> prepend(Expression first, JContainer<Expression> then) {
    List<JRightPadded<Expression>> old = then.getPadding().getElements();
    List<JRightPadded<Expression>> args = new ArrayList<>();
    if (old.size() == 1 && old.get(0).getElement() instanceof J.Empty) {
      Expression only = first.withPrefix(Space.EMPTY);
      args.add(JRightPadded.build(only).withAfter(old.get(0).getAfter()));
    } else {
      Space firstPrefix = old.get(0).getElement().getPrefix();
      // one argument a line stays so; otherwise the old first argument follows the receiver on its line
      Space separator = firstPrefix.getWhitespace().contains("\n") ? firstPrefix : Space.SINGLE_SPACE;
      Expression moved = first.withPrefix(firstPrefix);
      args.add(JRightPadded.build(moved));
      for (int i = 0; i < old.size(); i++) {
        JRightPadded<Expression> arg = old.get(i);
        args.add(i == 0 ? arg.withElement(arg.getElement().withPrefix(separator)) : arg);
      }
    }
    return then.getPadding().withElements(args);
  }

  /** {@code select.name(arguments)} with its method type; {@code select} null for an unqualified call. */
  public static J.MethodInvocation call(
      Space prefix, @Nullable Expression select, JavaType.Method type, List<? extends Expression> arguments) {
    List<JRightPadded<Expression>> args = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      Expression argument = arguments.get(i);
      Expression laidOut = argument.withPrefix(i == 0 ? Space.EMPTY : Space.SINGLE_SPACE);
      args.add(JRightPadded.build(laidOut));
    }
    if (args.isEmpty()) {
      args.add(JRightPadded.build(new J.Empty(randomId(), Space.EMPTY, Markers.EMPTY)));
    }
    return new J.MethodInvocation(randomId(), prefix, Markers.EMPTY,
        select == null ? null : JRightPadded.build(select.withPrefix(Space.EMPTY)), null,
        identifier(Space.EMPTY, type.getName(), type), JContainer.build(Space.EMPTY, args, Markers.EMPTY), type);
  }

  /** A lambda {@code (a, b) -> body} of the functional interface {@code type}; one parameter needs no parentheses. */
  public static J.Lambda lambda(Space prefix, List<J.Identifier> parameters, Expression body, @Nullable JavaType type) {
    List<JRightPadded<J>> params = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      J.Identifier name = parameters.get(i);
      J.VariableDeclarations.NamedVariable variable = new J.VariableDeclarations.NamedVariable(randomId(),
          Space.EMPTY, Markers.EMPTY, name.withPrefix(Space.EMPTY), emptyList(), null, name.getFieldType());
      params.add(JRightPadded.build(new J.VariableDeclarations(randomId(),
          i == 0 ? Space.EMPTY : Space.SINGLE_SPACE, Markers.EMPTY, emptyList(), emptyList(), null, null,
          emptyList(), List.of(JRightPadded.build(variable)))));
    }
    if (params.isEmpty()) {
      params.add(JRightPadded.build(new J.Empty(randomId(), Space.EMPTY, Markers.EMPTY)));
    }
    J.Lambda.Parameters lambdaParameters =
        new J.Lambda.Parameters(randomId(), Space.EMPTY, Markers.EMPTY, parameters.size() != 1, params);
    return new J.Lambda(randomId(), prefix, Markers.EMPTY, lambdaParameters, Space.SINGLE_SPACE,
        body.withPrefix(Space.SINGLE_SPACE), type);
  }

  /**
   * Parameter identifiers for a lambda that stands for {@code method}: the method's parameter names where the
   * compiler kept them, otherwise names made from their types, none of them {@code taken} or repeated.
   */
  public static List<J.Identifier> parameters(List<String> names, List<JavaType> types, Set<String> taken) {
    List<J.Identifier> identifiers = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      String declared = i < names.size() ? names.get(i) : null;
      String base = declared == null || SYNTHETIC_PARAMETER_NAME.matcher(declared).matches()
          ? baseName(types.get(i)) : declared;
      String name = base;
      for (int n = 2; taken.contains(name) || !SourceVersion.isName(name); n++) {
        name = base + n;
      }
      taken.add(name);
      JavaType type = types.get(i);
      identifiers.add(new J.Identifier(randomId(), Space.EMPTY, Markers.EMPTY, emptyList(), name, type,
          new JavaType.Variable(null, 0, name, null, type, null)));
    }
    return identifiers;
  }

  /** A variable name for a value of {@code type}: {@code webSocketManager}, {@code string}, {@code strings}. */
  public static String baseName(@Nullable JavaType type) {
    if (type instanceof JavaType.Array array) {
      return baseName(array.getElemType()) + "s";
    }
    if (type instanceof JavaType.FullyQualified fullyQualified) {
      String name = fullyQualified.getClassName();
      name = name.substring(name.lastIndexOf('.') + 1);
      return name.isEmpty() ? "value" : name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
    if (type instanceof JavaType.GenericTypeVariable variable) {
      return variable.getName().toLowerCase(Locale.ROOT);
    }
    return "value";
  }

  /** The path of the source file the cursor is in, relative to the project, or an empty string outside one. */
  public static String sourcePath(Cursor cursor) {
    SourceFile file = cursor.firstEnclosing(SourceFile.class);
    return file == null ? "" : file.getSourcePath().toString();
  }

  /** A constructor as a class rule's {@code members:} names it: {@code <init>(java.lang.String, int[])}. */
  public static String constructorMember(JavaType.Method constructor) {
    List<String> types = new ArrayList<>();
    for (JavaType type : constructor.getParameterTypes()) {
      types.add(typeName(type));
    }
    return "<init>(" + String.join(", ", types) + ")";
  }

  /** The erased type as rules write it: {@code int}, {@code java.util.Map}, {@code com.acme.Outer$Inner[]}. */
  public static String typeName(@Nullable JavaType type) {
    if (type instanceof JavaType.Array array) {
      return typeName(array.getElemType()) + "[]";
    }
    if (type instanceof JavaType.Primitive primitive) {
      return primitive.getKeyword();
    }
    if (type instanceof JavaType.FullyQualified fullyQualified) {
      return fullyQualified.getFullyQualifiedName();
    }
    if (type instanceof JavaType.GenericTypeVariable variable) {
      return variable.getBounds().isEmpty() ? "java.lang.Object" : typeName(variable.getBounds().get(0));
    }
    return String.valueOf(type);
  }
}
