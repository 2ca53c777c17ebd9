package dev.sunset.agent.internal.telemetry.data;

import io.opentelemetry.semconv.CodeAttributes;
import io.opentelemetry.semconv.SchemaUrls;

/**
 * The names Sunset's telemetry uses: instrumentation scope, metrics, units, attributes and the event.
 *
 * <p>They are plain strings so that the same names serve Sunset's own (relocated) OpenTelemetry SDK and the
 * OpenTelemetry Java agent's; {@code docs/telemetry.md} describes each one.
 */
public final class TelemetryNames {
  /** The instrumentation scope of every metric and event Sunset emits. */
  public static final String SCOPE = "dev.sunset.agent";
  /** The semantic-conventions version the attribute names follow. */
  public static final String SCHEMA_URL = SchemaUrls.V1_40_0;

  /** Monotonic counter: calls of one legacy call site at one stage. */
  public static final String CALLS = "sunset.legacy.calls";
  /** The unit of {@link #CALLS}. */
  public static final String CALLS_UNIT = "{call}";
  /** Gauge: call sites of one rule that have been called, or that are loaded but have never run. */
  public static final String CALL_SITES = "sunset.call_sites";
  /** The unit of {@link #CALL_SITES}. */
  public static final String CALL_SITES_UNIT = "{call_site}";
  /** Gauge: when a rule's schedule moves it to {@code deny}, in seconds since the epoch. */
  public static final String DENY_TIME = "sunset.rule.deny_time";
  /** The unit of {@link #DENY_TIME}. */
  public static final String DENY_TIME_UNIT = "s";

  /** The event emitted once per call site, at its first call. */
  public static final String FIRST_CALL_EVENT = "sunset.call_site.first_call";

  /** The id of the rule a call site matched. */
  public static final String RULE = "sunset.rule";
  /** The stage calls ran at: {@code observe}, {@code redirect}, {@code warn} or {@code deny}. */
  public static final String STAGE = "sunset.stage";
  /** Of {@link #CALL_SITES}: {@code called} or {@code uncalled}. */
  public static final String STATE = "sunset.state";
  /** The jar or folder the calling class was loaded from. */
  public static final String CODE_SOURCE = "sunset.code_source";
  /**
   * Of a class rule's call site only: how it uses the class ({@code call}, {@code new}, {@code field-read},
   * {@code field-write}, {@code subclass}, {@code class-lookup}), as the report's {@code use}.
   */
  public static final String USE = "sunset.use";
  /**
   * Of a class rule's call site only: the member it uses as people read it ({@code create(java.lang.String)},
   * {@code <init>()}, a field's name, {@code <class>}), as the report's {@code member}.
   */
  public static final String MEMBER = "sunset.member";
  /** {@code true} on the series that count the calls of call sites beyond the series cap. */
  public static final String OVERFLOW = "sunset.overflow";
  /** The calling class and method, such as {@code com.acme.Checkout.run}. */
  public static final String CODE_FUNCTION_NAME = CodeAttributes.CODE_FUNCTION_NAME.getKey();
  /** The source file of the call, as a path from the source root, such as {@code com/acme/Checkout.java}. */
  public static final String CODE_FILE_PATH = CodeAttributes.CODE_FILE_PATH.getKey();
  /** The source line of the call. */
  public static final String CODE_LINE_NUMBER = CodeAttributes.CODE_LINE_NUMBER.getKey();

  /** Value of {@link #STATE} for call sites that ran at least once. */
  public static final String CALLED = "called";
  /** Value of {@link #STATE} for call sites that are loaded but have never run. */
  public static final String UNCALLED = "uncalled";

  private TelemetryNames() {}
}
