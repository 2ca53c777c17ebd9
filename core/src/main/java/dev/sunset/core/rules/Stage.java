package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** How far the deprecation of a legacy method is enforced at a call site. */
@API(status = INTERNAL, since = "0.1.0")
public enum Stage {
  /** The legacy method runs; the call is counted. */
  OBSERVE,
  /** The replacement runs instead; the call is counted. */
  REDIRECT,
  /** As {@link #REDIRECT}, plus one warning line per call site on its first call. */
  WARN,
  /** The call throws {@code LegacyCallDeniedException}; it is counted as denied. */
  DENY;

  /** The number of stages, for sizing per-stage tables. */
  public static final int COUNT = values().length;

  private static final Stage[] ALL = values();

  /** The name used in rules files, reports and telemetry: lower case. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stage name in any case; returns null when it is not one. */
  public static Stage parse(String text) {
    if (text == null) {
      return null;
    }
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Stage s : ALL) {
      if (s.id().equals(wanted)) {
        return s;
      }
    }
    return null;
  }

  /** The stage with this ordinal. */
  public static Stage ofOrdinal(int ordinal) {
    return ALL[ordinal];
  }

  /** Whether the replacement runs at this stage. */
  public boolean runsReplacement() {
    return this == REDIRECT || this == WARN;
  }
}
