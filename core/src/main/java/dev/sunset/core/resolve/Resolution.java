package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The outcome of resolving one rule against one class loader's (or artifact set's) class files. */
@API(status = INTERNAL, since = "0.1.0")
public sealed interface Resolution {
  /** The rule applies there. */
  record Resolved(ResolvedRule rule) implements Resolution {}

  /** The legacy class is not there at all: the rule has nothing to apply to. */
  record OwnerMissing(String owner) implements Resolution {}

  /** The legacy class is there, but the rule does not fit it (a missing method, a replacement that does not fit). */
  record Refused(String message) implements Resolution {}
}
