package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Use;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What tells one use of a legacy API apart from another: its site ({@link SiteKey}: rule, class, method, line), how it
 * uses the API and which member. A method rule's sites are all calls of its one method, so their use keys are their
 * site keys; a class rule's line may hold several uses ({@code f.name + Factory.created} reads two fields on one line),
 * each a site of its own to a verdict and to the gate, which must see a new field read where a {@code new} was
 * tolerated.
 *
 * @param site rule, class, method and line
 * @param use how the site uses the legacy API; null only where the evidence does not say (a Prometheus series of a
 *     class rule names a line, not a use)
 * @param member for a class rule's site, the member used ({@code <init>(int)}, a field's name, {@code <class>}); null
 *     for a method rule's, or where the evidence does not say
 */
@API(status = INTERNAL, since = "0.1.0")
public record UseKey(SiteKey site, Use use, String member) {
  /** A key; the site may not be null. */
  public UseKey {
    Objects.requireNonNull(site, "site");
  }

  /** A method rule's call at {@code site}. */
  public static UseKey call(SiteKey site) {
    return new UseKey(site, Use.CALL, null);
  }

  /** The rule id. */
  public String rule() {
    return site.rule();
  }

  /** The same use with its line forgotten, for matching that tolerates line shifts within a method. */
  public UseKey withoutLine() {
    return new UseKey(site.withoutLine(), use, member);
  }
}
