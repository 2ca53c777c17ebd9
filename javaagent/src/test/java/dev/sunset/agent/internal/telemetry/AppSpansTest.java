package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.telemetry.data.FirstCallEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

/**
 * In this test JVM the application's OpenTelemetry API and Sunset's are the same unshaded classes, which is
 * enough to pin how the span is read through the context class loader.
 */
class AppSpansTest {
  private final AppSpans appSpans = new AppSpans();

  @Test
  void theSpanTheApplicationMadeCurrentIsReadWithItsIdsAndFlags() {
    try (SdkTracerProvider tracers = SdkTracerProvider.builder().build()) {
      Span span = tracers.get("app").spanBuilder("checkout").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        assertThat(appSpans.current()).isEqualTo(new FirstCallEvent.SpanIds(span.getSpanContext().getTraceId(),
            span.getSpanContext().getSpanId(), span.getSpanContext().getTraceFlags().asByte()));
      } finally {
        span.end();
      }
    }
  }

  @Test
  void withoutACurrentSpanThereIsNone() {
    assertThat(appSpans.current()).isNull();
  }

  @Test
  void aLoaderWithoutTheOpenTelemetryApiHasNoSpan() throws Exception {
    Thread thread = new Thread(() -> assertThat(appSpans.current()).isNull());
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    thread.start();
    thread.join();
  }
}
