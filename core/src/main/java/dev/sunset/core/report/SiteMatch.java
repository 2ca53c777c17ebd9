package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** How a call site is matched against a baseline's sites. */
@API(status = INTERNAL, since = "0.1.0")
public enum SiteMatch {
  /** On rule, class, method and line. */
  LINE,
  /** On rule, class and method: a site that moved to another line of its method still matches. */
  METHOD
}
