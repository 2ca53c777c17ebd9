package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Document;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Formats;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Use;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The call sites a Sunset report ({@value Formats#REPORT}) or scan ({@value Formats#SCAN}) lists, as a
 * baseline: the sites that are tolerated, and, for a class rule, the uses at each ({@link UseKey}). A report lists no
 * type reference (nothing runs one), so a class rule's type references are tolerated only by a scan.
 *
 * <p>An entry that names no member is a site as files written before class rules list it (rule, class, method, line):
 * it tolerates every use at its site, as every baseline did before uses were told apart, so that no site it tolerated
 * becomes new (an entry naming a use but no member, which no Sunset writes, tolerates that use of any member). A
 * method rule's sites name no member either; they are all calls of its one method, matched exactly as before.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RecordedSites {
  private final String format;
  private final Set<SiteKey> sites;
  private final Set<SiteKey> methods = new HashSet<>();
  private final Set<UseKey> uses = new HashSet<>();
  private final Set<UseKey> usesByMethod = new HashSet<>();
  /** The entries naming no member, which stand for every use (a call) or every member (another use) at their site. */
  private final Set<UseKey> memberless = new HashSet<>();
  private final Set<UseKey> memberlessByMethod = new HashSet<>();

  /** The sites of a file declaring {@code format}, each a call (as every method rule's site is). */
  public RecordedSites(String format, Set<SiteKey> sites) {
    this(sites.stream().map(UseKey::call).toList(), format);
  }

  private RecordedSites(Collection<UseKey> uses, String format) {
    this.format = format;
    Set<SiteKey> sites = new HashSet<>();
    for (UseKey u : uses) {
      sites.add(u.site());
      methods.add(u.site().withoutLine());
      this.uses.add(u);
      usesByMethod.add(u.withoutLine());
      if (u.member() == null) {
        memberless.add(u);
        memberlessByMethod.add(u.withoutLine());
      }
    }
    this.sites = Set.copyOf(sites);
  }

  /**
   * The uses listed by a file declaring {@code format}: each a site, with how it uses the legacy API and which member
   * (a class rule's uses on one line are apart).
   */
  public static RecordedSites ofUses(String format, Collection<UseKey> uses) {
    return new RecordedSites(uses, format);
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
   * Whether the use is listed, matched as {@code match} says: at its site (on its line, or anywhere in its method),
   * with the same use of the same member. A method rule's call is listed exactly when its site is; a class rule's
   * field read is not tolerated by a {@code new} listed on its line, but is by an entry there that names no member
   * (a file written before class rules: it tolerated the whole site). A type reference is tolerated in any method
   * listed with any use of its rule, on whichever line, whatever the match: it runs no code of the class, so a method
   * that already depended on the class depends on it no more (a recipe's call of the rule's adapter, whose descriptor
   * names the class, where a field read was; the recipe may move lines).
   */
  public boolean contains(UseKey use, SiteMatch match) {
    boolean byMethod = match == SiteMatch.METHOD;
    UseKey key = byMethod ? use.withoutLine() : use;
    if ((byMethod ? usesByMethod : uses).contains(key)) {
      return true;
    }
    if (key.use() == Use.TYPE_REFERENCE && contains(use.site(), true)) {
      return true;
    }
    if (key.member() == null || memberless.isEmpty()) {
      return false;
    }
    Set<UseKey> anyMember = byMethod ? memberlessByMethod : memberless;
    return anyMember.contains(new UseKey(key.site(), Use.CALL, null))
        || anyMember.contains(new UseKey(key.site(), key.use(), null));
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
    List<UseKey> uses = new ArrayList<>();
    if (document instanceof Report report) {
      report.callSites().forEach(s -> uses.add(s.useKey()));
      return ofUses(Formats.REPORT, uses);
    }
    if (document instanceof Scan scan) {
      scan.callSites().forEach(s -> uses.add(s.useKey()));
      return ofUses(Formats.SCAN, uses);
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
