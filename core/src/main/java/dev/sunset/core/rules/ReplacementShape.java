package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** How a replacement's parameters relate to the legacy method's: what a call passes on. */
@API(status = INTERNAL, since = "0.1.0")
public enum ReplacementShape {
  /** The same parameters: the legacy receiver, if any, is dropped (a null receiver still throws). */
  RECEIVER_DROPPED,
  /** The legacy receiver first, then the legacy parameters. */
  RECEIVER_FIRST;

  /**
   * The shape of a replacement with these parameters for a legacy method with those, or null when they
   * fit neither shape; whether the legacy method has a receiver is only known from its class file.
   */
  public static ReplacementShape of(MemberRef legacy, MemberRef replacement) {
    var legacyParams = legacy.parameterDescriptors();
    var replParams = replacement.parameterDescriptors();
    if (replParams.equals(legacyParams)) {
      return RECEIVER_DROPPED;
    }
    if (replParams.size() == legacyParams.size() + 1 && replParams.subList(1, replParams.size()).equals(legacyParams)
        && replParams.get(0).startsWith("L")) {
      return RECEIVER_FIRST;
    }
    return null;
  }
}
