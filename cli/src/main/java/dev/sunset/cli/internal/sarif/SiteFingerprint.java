package dev.sunset.cli.internal.sarif;

import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A call site's SARIF fingerprint: what code scanning matches results on across runs, so that a site found again is
 * the same alert and not a new one. It is the site key reports, scans and baselines are matched on ({@link SiteKey}:
 * rule, class, method, line), hashed: a site keeps its fingerprint however its jar, build or source root changes, and
 * gets a new one when its line moves, as it would be a new site to {@code check --match line}. A class rule's use also
 * hashes its use and member ({@link #of(UseKey)}), as {@code check} tells them apart.
 */
public final class SiteFingerprint {
  /** The {@code partialFingerprints} key: versioned, so that a change of what is hashed is a new key. */
  public static final String KEY = "sunsetCallSite/v1";

  private SiteFingerprint() {}

  /**
   * The SHA-256, in lower-case hex, of the key's rule, class, method and decimal line, each followed by a NUL
   * character, as UTF-16BE (which holds any name a class file can, a lone surrogate included, without loss).
   */
  public static String of(SiteKey key) {
    return hash(key.rule() + '\0' + key.className() + '\0' + key.method() + '\0' + key.line() + '\0');
  }

  /**
   * A use's fingerprint: a method rule's call (or a class rule's site whose use the evidence does not name) has its
   * site's ({@link #of(SiteKey)}); a class rule's use also hashes its use and member, each followed by a NUL, so that
   * two uses on one line are two alerts.
   */
  public static String of(UseKey key) {
    if (key.member() == null && (key.use() == null || key.use() == Use.CALL)) {
      return of(key.site());
    }
    SiteKey site = key.site();
    return hash(site.rule() + '\0' + site.className() + '\0' + site.method() + '\0' + site.line() + '\0'
        + (key.use() == null ? "" : key.use().id()) + '\0' + (key.member() == null ? "" : key.member()) + '\0');
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_16BE)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
