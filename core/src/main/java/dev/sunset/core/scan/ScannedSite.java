package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.resolve.LegacyMember;
import org.apiguardian.api.API;

/**
 * A call of a legacy method found in an artifact's class file: what a scan lists, with the same class,
 * method and line as the agent's report names for the same call.
 *
 * @param rule the rule id
 * @param className the calling class's binary name, {@code com.acme.Outer$Inner}
 * @param method the calling method's name
 * @param descriptor the calling method's descriptor
 * @param file the source file the class names, or null
 * @param line the source line of the call, or 0 when the class has no line numbers
 * @param codeSource the jar or folder holding the class, as given ({@code app.jar!/BOOT-INF/lib/billing.jar})
 * @param calledThrough the subtype the call names when it reaches an inherited legacy method, or null
 * @param methodReference whether it is a method reference ({@code Legacy::create}) rather than a call
 * @param use how the site uses the legacy API: a call for every method rule's site
 * @param member for a class rule's site, the member it uses as {@link LegacyMember#forPeople()} names it, for a
 *     package rule's as {@link LegacyMember#forPeopleInPackage()} does (its class first); else null
 */
@API(status = INTERNAL, since = "0.1.0")
public record ScannedSite(String rule, String className, String method, String descriptor, String file, int line,
    String codeSource, String calledThrough, boolean methodReference, Use use, String member) {
  /** A call of a method rule's legacy method. */
  public ScannedSite(String rule, String className, String method, String descriptor, String file, int line,
      String codeSource, String calledThrough, boolean methodReference) {
    this(rule, className, method, descriptor, file, line, codeSource, calledThrough, methodReference, Use.CALL, null);
  }

  /** The key reports, scans and baselines are matched on. */
  public SiteKey key() {
    return new SiteKey(rule, className, method, line);
  }

  /** The key that also tells apart a class rule's uses on one line: the site key, the use and the member. */
  public UseKey useKey() {
    return new UseKey(key(), use, member);
  }

  /**
   * A call site's place as the tools print it, {@code Checkout.java:42}; {@code ?} stands for a file or line the
   * class file does not give.
   */
  public static String location(String file, int line) {
    return (file == null ? "?" : file) + ":" + (line > 0 ? String.valueOf(line) : "?");
  }
}
