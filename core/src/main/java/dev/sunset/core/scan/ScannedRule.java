package dev.sunset.core.scan;

import dev.sunset.core.rules.RuleSpec;
import java.util.List;
import java.util.Locale;

/**
 * A rule in force in a scan (the user's, or shipped in a scanned artifact) and where it resolved.
 *
 * @param spec the rule as its file states it
 * @param resolution how far it got: resolved in at least one scope, refused where its legacy class is, or
 *     unresolved because no scope holds its legacy class
 * @param resolvedIn the scopes it resolved in
 */
public record ScannedRule(RuleSpec spec, Resolution resolution, List<ResolvedIn> resolvedIn) {
  /** A rule; the list is copied. */
  public ScannedRule {
    resolvedIn = List.copyOf(resolvedIn);
  }

  /** How far a rule got in resolving, with the names reports use. */
  public enum Resolution {
    /** It resolved in at least one scope. */
    RESOLVED,
    /** A scope has its legacy class, but the rule fits none. */
    REFUSED,
    /** No scope holds its legacy class: a typo, or a library not among the artifacts. */
    UNRESOLVED;

    /** The name reports use: lower case. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A scope a rule resolved in.
   *
   * @param scope the application archive, or {@value ArtifactScanner#CLASS_PATH} for the plain jars and folders
   * @param codeSource the jar or folder its legacy class was found in
   * @param legacyStatic whether the legacy method is static there, as its class file declares it
   */
  public record ResolvedIn(String scope, String codeSource, boolean legacyStatic) {}
}
