package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A rule's replacement as its class file declares it: a public static method.
 *
 * @param owner internal name of its class
 * @param name the method name
 * @param descriptor the full descriptor
 * @param takesReceiver whether the legacy receiver is passed first
 */
@API(status = INTERNAL, since = "0.1.0")
public record ReplacementMethod(String owner, String name, String descriptor, boolean takesReceiver) {}
