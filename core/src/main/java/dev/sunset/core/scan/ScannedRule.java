package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.RuleSpec;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A rule in force in a scan (the user's, or shipped in a scanned artifact) and where it resolved.
 *
 * @param spec the rule as its file states it
 * @param resolution how far it got: resolved in at least one scope, refused where its legacy class is, or
 *     unresolved because no scope holds its legacy class
 * @param resolvedIn the scopes it resolved in
 * @param refusedIn the scopes that hold its legacy class but refused the rule, and why
 */
@API(status = INTERNAL, since = "0.1.0")
public record ScannedRule(RuleSpec spec, RuleResolution resolution, List<ResolvedIn> resolvedIn,
    List<RefusedIn> refusedIn) {
  /** A rule; the lists are copied. */
  public ScannedRule {
    resolvedIn = List.copyOf(resolvedIn);
    refusedIn = List.copyOf(refusedIn);
  }

  /** A rule refused nowhere (as scans described rules before {@code refusedIn} was added). */
  public ScannedRule(RuleSpec spec, RuleResolution resolution, List<ResolvedIn> resolvedIn) {
    this(spec, resolution, resolvedIn, List.of());
  }

  /**
   * A scope a rule resolved in.
   *
   * @param scope the application archive, or {@value ArtifactScanner#CLASS_PATH} for the plain jars and folders
   * @param codeSource the jar or folder its legacy class was found in
   * @param legacyStatic whether the legacy method is static there, as its class file declares it
   * @param members for a class rule, the class and each member it covers as resolved there, with their counterparts
   *     in the rule's adapter class when it names one (what {@code sunset recipe} migrates); empty for a method rule
   */
  public record ResolvedIn(String scope, String codeSource, boolean legacyStatic, List<ResolvedRule> members) {
    /** A scope; the list is copied. */
    public ResolvedIn {
      members = List.copyOf(members);
    }

    /** A scope a method rule resolved in. */
    public ResolvedIn(String scope, String codeSource, boolean legacyStatic) {
      this(scope, codeSource, legacyStatic, List.of());
    }
  }

  /**
   * A scope that holds a rule's legacy class but does not fit the rule.
   *
   * @param scope the application archive, or {@value ArtifactScanner#CLASS_PATH}
   * @param reason what does not fit, for people: {@code legacy method mian() does not exist in app.Main}
   */
  public record RefusedIn(String scope, String reason) {}

  /**
   * For a rule that resolved in no scope, one line that says where it is written, its legacy member, and why, such
   * as {@code rules.yaml:4: rule 'lib-create': legacy com.acme.Lib#create() resolved nowhere: no jar or folder
   * scanned or read to resolve against holds com.acme.Lib}; empty for a rule that resolved. Such a rule has no call
   * site in the scan whatever the code calls, so a gate or a verdict that counts on it would be wrong: the tools
   * name it, and add what to do.
   */
  public Optional<String> unresolvedLine() {
    String head = spec.location() + ": rule '" + spec.id() + "': legacy " + spec.legacyText() + " resolved nowhere: ";
    return switch (resolution) {
      case RESOLVED -> Optional.empty();
      case UNRESOLVED -> Optional.of(head + "no jar or folder scanned or read to resolve against holds "
          + (spec.legacy().isPackage() ? "a class of package " : "") + spec.legacy().ownerBinaryName());
      case REFUSED -> {
        StringBuilder why = new StringBuilder(head);
        for (int i = 0; i < refusedIn.size(); i++) {
          why.append(i == 0 ? "refused in " : "; in ").append(refusedIn.get(i).scope()).append(": ")
              .append(refusedIn.get(i).reason());
        }
        yield Optional.of(refusedIn.isEmpty() ? head + "refused" : why.toString());
      }
    };
  }
}
