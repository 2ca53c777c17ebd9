package dev.sunset.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Text from input shows escaped on a terminal and stays intact in JSON. */
class PrintableTest {
  @Test
  void aClassNameCannotStartALineOfItsOwnOrDriveTheTerminal() {
    String forged = "com.acme.A\n[sunset] no new call sites\u001B]0;owned\u0007\u009B2J\r";

    String shown = Printable.line(forged);

    assertThat(shown).isEqualTo("com.acme.A\\n[sunset] no new call sites\\u001B]0;owned\\u0007\\u009B2J\\r");
    assertThat(shown.chars()).allMatch(c -> c >= 0x20 && c != 0x7F);
  }

  @Test
  void lettersOfEveryScriptAndSurrogatePairsAreKeptAsTheyAre() {
    String name = "com.acme.Zähler$Ω日本\uD83D\uDE00";

    assertThat(Printable.line(name)).isSameAs(name);
    assertThat(Printable.json(name)).isSameAs(name);
  }

  @Test
  void aLoneSurrogateAndTheBidirectionalControlsAreShownAsEscapes() {
    assertThat(Printable.line("m\uD800x\uDC00\u202Eevil\u2066")).isEqualTo("m\\uD800x\\uDC00\\u202Eevil\\u2066");
  }

  @Property(tries = 500)
  void noInputPrintsAControlCharacterOrALoneSurrogate(@ForAll("anyChars") String text) {
    String shown = Printable.line(text);

    assertThat(Printable.needsEscaping(shown)).isFalse();
    assertThat(new String(shown.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(shown);
  }

  @Property(tries = 500)
  void anyStringWrittenAsJsonReadsBackIntactFromUtf8(@ForAll("anyChars") String text) throws Exception {
    String json = Printable.json(JSON.std.asString(Map.of("name", text)));

    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> back = JSON.std.mapFrom(new String(utf8, StandardCharsets.UTF_8));

    assertThat(back.get("name")).isEqualTo(text);
    assertThat(Printable.needsEscaping(json)).isFalse();
  }

  @Provide
  Arbitrary<String> anyChars() {
    Arbitrary<Character> hostile = Arbitraries.of('\n', '\r', '\t', '\u0000', '\u001B', '\u007F', '\u0085', '\u009B',
        '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u2028', '\u202E', '\u2067', '"', '\\', 'a', 'é', '日');
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
        hostile.list().ofMaxSize(30).map(l -> {
          StringBuilder sb = new StringBuilder();
          l.forEach(sb::append);
          return sb.toString();
        }));
  }
}
