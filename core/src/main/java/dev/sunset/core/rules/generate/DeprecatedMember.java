package dev.sunset.core.rules.generate;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;
import org.objectweb.asm.Opcodes;

/**
 * A deprecated class, method, constructor or field as its class file says.
 *
 * @param kind what it is
 * @param owner the internal name of the class that declares it (for a class, the class itself)
 * @param name the member's name (for a class, its internal name)
 * @param descriptor the member's descriptor (for a class, empty)
 * @param access its access flags
 * @param annotated whether it carries {@code @Deprecated} (else only the class file's {@code Deprecated} attribute,
 *     which the older javadoc tag gives)
 * @param forRemoval the annotation's {@code forRemoval}
 * @param since the annotation's {@code since}, or null
 * @param inlineMe its {@code @InlineMe}, or null
 * @param parameterNames the names of its parameters from the class file ({@code MethodParameters}, else the local
 *     variable table), or null when it keeps none
 * @param codeSource the jar or folder it was read from
 */
@API(status = INTERNAL, since = "0.1.0")
public record DeprecatedMember(Kind kind, String owner, String name, String descriptor, int access, boolean annotated,
    boolean forRemoval, String since, InlineMe inlineMe, List<String> parameterNames, String codeSource) {
  /** What a deprecated thing is. */
  public enum Kind {
    /** A class, interface, enum or record deprecated as a whole. */
    CLASS,
    /** A method. */
    METHOD,
    /** A constructor ({@code <init>}). */
    CONSTRUCTOR,
    /** A field. */
    FIELD
  }

  /** A member; the names are copied. */
  public DeprecatedMember {
    parameterNames = parameterNames == null ? null : List.copyOf(parameterNames);
  }

  /** Whether it is static. */
  public boolean isStatic() {
    return (access & Opcodes.ACC_STATIC) != 0;
  }

  /** The owner's binary name, {@code com.acme.Outer$Inner}. */
  public String ownerBinaryName() {
    return owner.replace('/', '.');
  }
}
