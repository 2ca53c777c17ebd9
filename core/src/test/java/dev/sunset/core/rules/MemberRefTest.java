package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemberRefTest {
  @Test
  void parsesOwnerNameAndParameterDescriptors() {
    MemberRef ref = MemberRef.parse(" com.acme.Outer$Inner#run(int, java.lang.String[], long..., java.util.Map) ");

    assertThat(ref.ownerInternalName()).isEqualTo("com/acme/Outer$Inner");
    assertThat(ref.name()).isEqualTo("run");
    assertThat(ref.parameterDescriptor()).isEqualTo("(I[Ljava/lang/String;[JLjava/util/Map;)");
  }

  @Test
  void noParametersIsAnEmptyList() {
    assertThat(MemberRef.parse("a.B#c()").parameterDescriptor()).isEqualTo("()");
  }

  @Test
  void refusesMalformedReferencesWithAReason() {
    assertThatThrownBy(() -> MemberRef.parse("com.acme.Owner.method()")).hasMessageContaining("not of the form");
    assertThatThrownBy(() -> MemberRef.parse("com.acme.Owner#<init>()")).hasMessageContaining("constructor");
    assertThatThrownBy(() -> MemberRef.parse("a.B#c(java.util.List<String>)")).hasMessageContaining("erasure");
    assertThatThrownBy(() -> MemberRef.parse("a.B#c(void)")).hasMessageContaining("void");
    assertThatThrownBy(() -> MemberRef.parse("a.1B#c()")).hasMessageContaining("invalid name");
  }

  @Test
  void aJavaLangParameterTypeWrittenWithoutItsPackageIsRefusedWithItsFullName() {
    assertThatThrownBy(() -> MemberRef.parse("com.acme.Legacy#create(String)")).hasMessage("'com.acme.Legacy#"
        + "create(String)' names the parameter type String without its package: did you mean java.lang.String? "
        + "(types are written in full, as in the class file)");
    assertThatThrownBy(() -> MemberRef.parse("com.acme.Legacy#create(int, Object[])"))
        .hasMessageContaining("did you mean java.lang.Object?");
    assertThat(MemberRef.parse("com.acme.Legacy#create(Widget)").parameterDescriptor()).as("the unnamed package")
        .isEqualTo("(LWidget;)");
  }
}
