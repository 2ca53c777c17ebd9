package dev.sunset.agent.internal.registry;

/**
 * The class a method reference to a legacy method is pointed at when its class was loaded before the agent: the
 * JVM may not add a method to a class it redefines, so the small static method a reference is rewritten to
 * ({@code Legacy::m} becomes a call through a counted call site) lives in a class of its own, defined in the
 * referencing class's package and loader when the reference is first linked.
 *
 * @param siteId the reference's call site
 * @param className binary name of the helper class, in the referencing class's package
 * @param bytes the helper's class file
 * @param methodName the helper's static method, which the reference's implementation becomes
 * @param methodDescriptor that method's descriptor: the legacy receiver (for instance methods) and parameters
 * @param legacyTag the reference's method handle kind, as {@code MethodHandleInfo} numbers them
 *     ({@code REF_invokeStatic}, {@code REF_invokeVirtual}, {@code REF_invokeInterface})
 * @param legacyOwner internal name of the class the reference names
 * @param legacyName the legacy method's name
 * @param legacyDescriptor the legacy method's descriptor
 */
public record ReferenceHelper(int siteId, String className, byte[] bytes, String methodName, String methodDescriptor,
    int legacyTag, String legacyOwner, String legacyName, String legacyDescriptor) {}
