package dev.sunset.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class LegacyMemberTest {
  @Property
  void aMethodHasItsOwnKeyAndNoOther(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String owner,
      @ForAll @AlphaChars @StringLength(min = 1, max = 8) String name,
      @ForAll @AlphaChars @StringLength(min = 1, max = 8) String other) {
    LegacyMember m = LegacyMember.method("com/acme/" + owner, name, "(I)V", 0, 0);

    assertThat(m.hasKey(m.key())).isTrue();
    assertThat(m.hasKey(LegacyMember.method("com/acme/" + owner, other, "(I)V", 0, 0).key())).isEqualTo(other.equals(name));
    assertThat(m.hasKey(LegacyMember.method("com/acme/" + other, name, "(I)V", 0, 0).key())).isEqualTo(other.equals(owner));
    assertThat(m.hasKey(LegacyMember.method("com/acme/" + owner, name, "(J)V", 0, 0).key())).isFalse();
    assertThat(m.hasKey("com/acme/" + owner + "#" + name + "(I)V")).isFalse();
    assertThat(m.hasKey(null)).isFalse();
  }
}
