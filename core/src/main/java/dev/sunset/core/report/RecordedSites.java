package dev.sunset.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The call sites a Sunset report ({@value Formats#REPORT}) or scan ({@value Formats#SCAN}) lists, as a
 * baseline: the sites that are tolerated.
 */
public final class RecordedSites {
  private final String format;
  private final Set<SiteKey> sites;
  private final Set<SiteKey> methods = new HashSet<>();

  /** The sites of a file declaring {@code format}. */
  public RecordedSites(String format, Set<SiteKey> sites) {
    this.format = format;
    this.sites = Set.copyOf(sites);
    for (SiteKey s : sites) {
      methods.add(s.withoutLine());
    }
  }

  /** The format id the file declares. */
  public String format() {
    return format;
  }

  /** Every site listed. */
  public Set<SiteKey> sites() {
    return sites;
  }

  /** Whether the site is listed, on its exact line or, when {@code anyLine}, anywhere in its method. */
  public boolean contains(SiteKey site, boolean anyLine) {
    return anyLine ? methods.contains(site.withoutLine()) : sites.contains(site);
  }

  /** Whether the site is listed, matched as {@code match} says. */
  public boolean contains(SiteKey site, SiteMatch match) {
    return contains(site, match == SiteMatch.METHOD);
  }

  /**
   * Reads a report or a scan.
   *
   * @throws IOException with a message naming what is wrong (the caller names the file)
   */
  public static RecordedSites read(Path file) throws IOException {
    Map<String, Object> root = JsonFile.readObject(file);
    Object format = root.get("format");
    if (!Formats.REPORT.equals(format) && !Formats.SCAN.equals(format)) {
      throw new IOException("'format' is " + (format == null ? "missing" : "'" + format + "'") + ", not "
          + Formats.REPORT + " or " + Formats.SCAN);
    }
    if (!(root.get("callSites") instanceof List<?> list)) {
      throw new IOException("'callSites' is not a list");
    }
    Set<SiteKey> sites = new HashSet<>();
    int index = 0;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> site)) {
        throw new IOException("callSites[" + index + "] is not an object");
      }
      if (!(site.get("rule") instanceof String rule) || !(site.get("class") instanceof String cls)
          || !(site.get("method") instanceof String method) || !(site.get("line") instanceof Number line)) {
        throw new IOException("callSites[" + index + "] lacks a rule, class, method or line");
      }
      sites.add(new SiteKey(rule, cls, method, line.intValue()));
      index++;
    }
    return new RecordedSites((String) format, sites);
  }

  /** {@link #check} as a function, for a {@code RulesReader}. */
  public static final class BaselineCheck implements Function<Path, Optional<String>> {
    @Override
    public Optional<String> apply(Path file) {
      return check(file);
    }
  }

  /** What is wrong with a file as a baseline, or empty when it can be read as one. */
  public static Optional<String> check(Path file) {
    try {
      read(file);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("baseline " + file + " " + e.getMessage());
    }
  }

}
