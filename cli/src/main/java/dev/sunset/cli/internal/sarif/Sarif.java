package dev.sunset.cli.internal.sarif;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.text.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SARIF 2.1.0 objects Sunset writes, as records named after the objects of the standard (section numbers are
 * those of the OASIS specification); a record component is the property of the same name, and a null one is left
 * out. Only what Sunset fills in is modelled.
 */
public final class Sarif {
  /** The version this model writes. */
  public static final String VERSION = "2.1.0";
  /** The JSON Schema of that version, as the OASIS standard (errata 01) publishes it. */
  public static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
      + "sarif-schema-2.1.0.json";

  private static final JSON WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT,
      JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER);

  private Sarif() {}

  /**
   * The document as pretty-printed JSON text. Names read from class files may hold what no UTF-8 file can (a lone
   * surrogate) or what a terminal acts on (C1 controls): those are written as escapes ({@link Printable#json}), so
   * the text reads back to the same strings.
   */
  public static String toJson(Log log) {
    try {
      return Printable.json(WRITER.asString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // records of strings, numbers, lists and maps always write
    }
  }

  /**
   * The {@code sarifLog} object (3.13).
   *
   * @param $schema the URI of the SARIF JSON Schema
   * @param version {@value #VERSION}
   * @param runs the runs: Sunset writes one
   */
  public record Log(String $schema, String version, List<Run> runs) {
    /** A log; the list is copied. */
    public Log {
      runs = List.copyOf(runs);
    }
  }

  /**
   * A {@code run} object (3.14).
   *
   * @param tool the tool that ran
   * @param invocations how it ran: one invocation, with its exit code
   * @param automationDetails which kind of run this is ({@code sunset/check/}), or null
   * @param originalUriBaseIds where each {@code uriBaseId} of the results points, or null
   * @param results the results
   */
  public record Run(Tool tool, List<Invocation> invocations, RunAutomationDetails automationDetails,
      Map<String, ArtifactLocation> originalUriBaseIds, List<Result> results) {
    /** A run; the lists and map are copied (a null map stays null). */
    public Run {
      invocations = List.copyOf(invocations);
      originalUriBaseIds = originalUriBaseIds == null || originalUriBaseIds.isEmpty() ? null
          : Map.copyOf(originalUriBaseIds);
      results = List.copyOf(results);
    }
  }

  /**
   * A {@code tool} object (3.18).
   *
   * @param driver the tool's primary component
   */
  public record Tool(ToolComponent driver) {}

  /**
   * A {@code toolComponent} object (3.19).
   *
   * @param name the tool's name
   * @param version its version
   * @param informationUri where to read about it
   * @param rules the rules it reports on
   */
  public record ToolComponent(String name, String version, String informationUri, List<ReportingDescriptor> rules) {
    /** A component; the list is copied. */
    public ToolComponent {
      rules = List.copyOf(rules);
    }
  }

  /**
   * A {@code reportingDescriptor} object (3.49): a Sunset rule.
   *
   * @param id the rule id
   * @param shortDescription one sentence
   * @param fullDescription the whole description
   * @param help what to do about a result of it
   * @param defaultConfiguration its level
   * @param properties the rule as Sunset states it
   */
  public record ReportingDescriptor(String id, MultiformatMessageString shortDescription,
      MultiformatMessageString fullDescription, MultiformatMessageString help,
      ReportingConfiguration defaultConfiguration, RuleProperties properties) {}

  /**
   * A {@code multiformatMessageString} object (3.12), as plain text.
   *
   * @param text the text
   */
  public record MultiformatMessageString(String text) {}

  /**
   * A {@code reportingConfiguration} object (3.50).
   *
   * @param level the level of the rule's results
   */
  public record ReportingConfiguration(Level level) {}

  /**
   * A rule's property bag (3.8).
   *
   * @param legacy the legacy member as written in the rules file
   * @param replacement the replacement as written, or null
   * @param stage the stage its file sets, or null when not known
   * @param tags tags viewers filter on
   */
  public record RuleProperties(String legacy, String replacement, String stage, List<String> tags) {
    /** Properties; the list is copied. */
    public RuleProperties {
      tags = List.copyOf(tags);
    }
  }

  /** A result's {@code level} (3.27.10); written in lower case, as the standard spells it. */
  public enum Level {
    /** Not a problem as such: a site the rule only observes. */
    NOTE,
    /** A problem: a site whose calls are redirected or warned about. */
    WARNING,
    /** A serious problem: a site whose calls are denied. */
    ERROR;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A {@code message} object (3.11), as plain text.
   *
   * @param text the text
   */
  public record Message(String text) {}

  /**
   * A {@code result} object (3.27): one call site.
   *
   * @param ruleId the rule id
   * @param ruleIndex the rule's index in the driver's rules
   * @param level its level
   * @param message what was found
   * @param locations where: the call's file and line, and the calling method
   * @param partialFingerprints what identifies the site across runs
   * @param properties the site as Sunset states it
   */
  public record Result(String ruleId, int ruleIndex, Level level, Message message, List<Location> locations,
      Map<String, String> partialFingerprints, SiteProperties properties) {
    /** A result; the list and map are copied. */
    public Result {
      locations = List.copyOf(locations);
      partialFingerprints = Map.copyOf(partialFingerprints);
    }
  }

  /**
   * A {@code location} object (3.28).
   *
   * @param physicalLocation the file and line
   * @param logicalLocations the calling method
   */
  public record Location(PhysicalLocation physicalLocation, List<LogicalLocation> logicalLocations) {
    /** A location; the list is copied. */
    public Location {
      logicalLocations = List.copyOf(logicalLocations);
    }
  }

  /**
   * A {@code physicalLocation} object (3.29).
   *
   * @param artifactLocation the file
   * @param region the line, or null when the class has no line numbers
   */
  public record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {}

  /**
   * An {@code artifactLocation} object (3.4).
   *
   * @param uri a relative reference (percent-encoded) when {@code uriBaseId} is given or the file was not found; an
   *     absolute {@code file:} URI in {@code originalUriBaseIds}
   * @param uriBaseId the base the relative reference is resolved against ({@code %SRCROOT%}), or null
   */
  public record ArtifactLocation(String uri, String uriBaseId) {}

  /**
   * A {@code region} object (3.30).
   *
   * @param startLine the 1-based line
   */
  public record Region(int startLine) {}

  /**
   * A {@code logicalLocation} object (3.33).
   *
   * @param name the method's name
   * @param fullyQualifiedName {@code com.acme.Checkout.run}
   * @param kind {@code function}
   */
  public record LogicalLocation(String name, String fullyQualifiedName, String kind) {}

  /**
   * An {@code invocation} object (3.20).
   *
   * @param executionSuccessful whether the command did what it was asked (true also when {@code check} finds new
   *     sites: that is its answer, exit code 1)
   * @param exitCode the command's exit code
   * @param exitCodeDescription what that code means
   * @param startTimeUtc when the command started
   * @param endTimeUtc when it wrote this
   * @param toolExecutionNotifications the warnings the command printed on standard error
   */
  public record Invocation(boolean executionSuccessful, int exitCode, String exitCodeDescription,
      String startTimeUtc, String endTimeUtc, List<Notification> toolExecutionNotifications) {
    /** An invocation; the list is copied (an empty one is left out). */
    public Invocation {
      toolExecutionNotifications = toolExecutionNotifications == null || toolExecutionNotifications.isEmpty() ? null
          : List.copyOf(toolExecutionNotifications);
    }
  }

  /**
   * A {@code notification} object (3.58).
   *
   * @param message what was noticed
   * @param level its level
   */
  public record Notification(Message message, Level level) {}

  /**
   * A {@code runAutomationDetails} object (3.17).
   *
   * @param id {@code sunset/scan/}, {@code sunset/check/} or {@code sunset/verdict/}: code scanning keeps the alerts
   *     of each apart, so a {@code check} (new sites only) does not close the alerts of a {@code scan}
   */
  public record RunAutomationDetails(String id) {}

  /**
   * A result's property bag (3.8): the call site as Sunset's own formats state it, and what was seen at run time.
   *
   * @param className the calling class's binary name
   * @param method the calling method's name
   * @param descriptor its descriptor, or null
   * @param sourceFile the source file the class names, or null when it names none
   * @param codeSources the jars and folders holding the class
   * @param methodReference true when the site is a method reference, else null
   * @param calledThrough the subtype the call names when it reaches an inherited legacy method, or null
   * @param inArtifacts for {@code verdict}: whether the scan found the site (false: only the run-time evidence names
   *     it), else null
   * @param calls for {@code verdict}: calls seen, else null
   * @param firstCallAt for {@code verdict}: the earliest first call seen, or null
   * @param lastSeenAt for {@code verdict}: the latest report time at which its count had grown, or null
   * @param via for {@code verdict}: how calls reached the legacy method when no rewritten instruction covers them, or
   *     null
   * @param verdict for {@code verdict}: the rule's verdict ({@code in-use}, {@code dead}, {@code unknown}), else null
   * @param use for a class rule's site: how it uses the class ({@code new}, {@code field-read}, ...), else null
   * @param member for a class rule's site: the member it uses ({@code <init>(int)}, a field's name, {@code <class>}),
   *     else null
   */
  public record SiteProperties(String className, String method, String descriptor, String sourceFile,
      List<String> codeSources, Boolean methodReference, String calledThrough, Boolean inArtifacts, Long calls,
      String firstCallAt, String lastSeenAt, String via, String verdict, String use, String member) {
    /** Properties; the list is copied. */
    public SiteProperties {
      codeSources = List.copyOf(codeSources);
    }
  }
}
