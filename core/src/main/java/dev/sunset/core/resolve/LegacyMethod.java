package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.objectweb.asm.Opcodes;

/**
 * A legacy method as its class file declares it.
 *
 * @param owner internal name of the class or interface the rule names (and that declares the method)
 * @param name the method name
 * @param descriptor the full descriptor, return type included
 * @param access the method's access flags
 * @param ownerAccess the owner's access flags
 */
@API(status = INTERNAL, since = "0.1.0")
public record LegacyMethod(String owner, String name, String descriptor, int access, int ownerAccess) {
  /** Whether the method is static. */
  public boolean isStatic() {
    return (access & Opcodes.ACC_STATIC) != 0;
  }

  /** Whether the method has no body of its own (an interface or abstract method). */
  public boolean isAbstract() {
    return (access & Opcodes.ACC_ABSTRACT) != 0;
  }

  /** Whether the owner is an interface. */
  public boolean ownerIsInterface() {
    return (ownerAccess & Opcodes.ACC_INTERFACE) != 0;
  }

  /** Whether a subclass may override the method, so that a call may dispatch elsewhere. */
  public boolean isOverridable() {
    return !isStatic() && (access & (Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE)) == 0
        && (ownerAccess & Opcodes.ACC_FINAL) == 0;
  }

  /** The key call sites are matched on: {@code owner.name descriptor}. */
  public String key() {
    return owner + "." + name + descriptor;
  }

  /** Whether {@code key} is this method's {@link #key()}, compared without building the key. */
  public boolean hasKey(String key) {
    int nameAt = owner.length() + 1;
    return key != null && key.length() == nameAt + name.length() + descriptor.length() && key.startsWith(owner)
        && key.charAt(owner.length()) == '.' && key.startsWith(name, nameAt) && key.endsWith(descriptor);
  }

  /** The return-type descriptor. */
  public String returnDescriptor() {
    return descriptor.substring(descriptor.indexOf(')') + 1);
  }
}
