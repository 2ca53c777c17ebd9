package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Document;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Formats;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The call sites a Sunset report ({@value Formats#REPORT}) or scan ({@value Formats#SCAN}) lists, as a
 * baseline: the sites that are tolerated.
 */
@API(status = INTERNAL, since = "0.1.0")
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
    Document document;
    try {
      document = Document.read(file, List.of(Formats.REPORT, Formats.SCAN), Formats.REPORT + " or " + Formats.SCAN);
    } catch (FormatException e) {
      throw new IOException(e.problem());
    }
    Set<SiteKey> sites = new HashSet<>();
    if (document instanceof Report report) {
      report.callSites().forEach(s -> sites.add(s.key()));
      return new RecordedSites(Formats.REPORT, sites);
    }
    if (document instanceof Scan scan) {
      scan.callSites().forEach(s -> sites.add(s.key()));
      return new RecordedSites(Formats.SCAN, sites);
    }
    throw new IllegalStateException("read a format it was not asked for: " + document.getClass());
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
