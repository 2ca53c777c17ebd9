package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** How far a rule got in resolving against the classes it was looked for in, with the names the formats use. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum RuleResolution {
  /** It resolved: its legacy method was found where it was looked for, and its replacement fits. */
  RESOLVED,
  /** Its legacy class is there, but the rule fits nowhere: a missing method, or a replacement that does not fit. */
  REFUSED,
  /** No class loader (or scanned artifact) holds its legacy class: a typo, a library never loaded or not scanned. */
  UNRESOLVED;

  /** The name the formats use: lower case. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The resolution of that name, or null when it is none. */
  public static RuleResolution parse(String id) {
    for (RuleResolution r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }
}
