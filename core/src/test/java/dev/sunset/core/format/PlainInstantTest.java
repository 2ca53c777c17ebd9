package dev.sunset.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The times of a report's sites are read without the general parser when they are written as {@link Instant}
 * writes them; whatever it reads so, {@link Instant#parse} reads as the same instant, and what it does not read is
 * left to {@link Instant#parse}, which reads or refuses it as ever.
 */
class PlainInstantTest {
  @Property(tries = 2_000)
  void everyTimeAsInstantWritesItIsReadAsTheSameInstant(@ForAll("instants") Instant at) {
    assertThat(Node.plainInstant(at.toString())).isEqualTo(at);
  }

  @Property(tries = 5_000)
  void whatItReadsTheGeneralParserReadsAsTheSameInstant(@ForAll("nearlyTimes") String text) {
    Instant plain = Node.plainInstant(text);
    if (plain != null) {
      assertThat(Instant.parse(text)).isEqualTo(plain);
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()).flatMap(s -> Arbitraries.of(0, 1, 3, 6, 9)
        .flatMap(digits -> Arbitraries.integers().between(0, 999_999_999)
            .map(nanos -> Instant.ofEpochSecond(s, digits == 0 ? 0 : nanos - nanos % (int) Math.pow(10, 9 - digits)))));
  }

  /** Times as Instant writes them with one character changed, dropped or added: days past a month's end, 24:00. */
  @Provide
  Arbitrary<String> nearlyTimes() {
    Arbitrary<String> written = instants().map(Instant::toString);
    return Arbitraries.oneOf(written, written.flatMap(t -> Arbitraries.integers().between(0, t.length() - 1)
        .flatMap(i -> Arbitraries.of('0', '1', '2', '3', '9', '-', ':', '.', 'T', 'Z', 'z', '+', ' ')
            .flatMap(c -> Arbitraries.of(
                t.substring(0, i) + c + t.substring(i + 1),
                t.substring(0, i) + t.substring(i + 1),
                t.substring(0, i) + c + t.substring(i))))),
        Arbitraries.of("2026-02-29T00:00:00Z", "2028-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-12-07T24:00:00Z", "2026-12-07T23:59:60Z", "2026-12-07T10:15:30.Z", "2026-12-07t10:15:30z",
            "2026-12-07T10:15:30.1234567890Z", "2026-12-07T10:15:30+01:00"));
  }
}
