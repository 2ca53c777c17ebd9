package dev.sunset.core.report;

/** How a call site is matched against a baseline's sites. */
public enum SiteMatch {
  /** On rule, class, method and line. */
  LINE,
  /** On rule, class and method: a site that moved to another line of its method still matches. */
  METHOD
}
