package dev.sunset.core.resolve;

/**
 * A rule's replacement as its class file declares it: a public static method.
 *
 * @param owner internal name of its class
 * @param name the method name
 * @param descriptor the full descriptor
 * @param takesReceiver whether the legacy receiver is passed first
 */
public record ReplacementMethod(String owner, String name, String descriptor, boolean takesReceiver) {}
