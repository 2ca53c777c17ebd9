package dev.sunset.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationRuleTest {
  @Test
  void sameParametersDropTheReceiver() {
    MigrationRule rule = MigrationRule.of(
        "com.example.ws.WebSocketManagerFactory#createManager(com.example.ws.UserExecutionContext)", false,
        "com.example.ws.UnifiedWebSocketManager#createForUser(com.example.ws.UserExecutionContext)");

    assertThat(rule).isEqualTo(new MigrationRule(
        "com.example.ws.WebSocketManagerFactory", "createManager", List.of("com.example.ws.UserExecutionContext"), false,
        "com.example.ws.UnifiedWebSocketManager", "createForUser", List.of("com.example.ws.UserExecutionContext"),
        Receiver.DROPPED));
    assertThat(rule.legacyMethodPattern())
        .isEqualTo("com.example.ws.WebSocketManagerFactory createManager(com.example.ws.UserExecutionContext)");
  }

  @Test
  void theLegacyOwnerFollowedByTheParametersTakesTheReceiverFirst() {
    MigrationRule rule = MigrationRule.of(
        "com.example.ws.WebSocketManager#sendEvent(java.lang.String, java.util.Map)", false,
        "com.example.ws.LegacyAdapters#sendEvent(com.example.ws.WebSocketManager, java.lang.String, java.util.Map)");

    assertThat(rule.receiver()).isEqualTo(Receiver.FIRST);
    assertThat(rule.replacementParameterTypes())
        .containsExactly("com.example.ws.WebSocketManager", "java.lang.String", "java.util.Map");
  }

  @Test
  void noParametersAndArraysAndPrimitivesAreTypes() {
    MigrationRule rule = MigrationRule.of("com.acme.Legacy#count(int[], long)", true, "com.acme.Service#count(int[], long)");

    assertThat(rule.legacyMethodPattern()).isEqualTo("com.acme.Legacy count(int[], long)");
    assertThat(MigrationRule.of("com.acme.Legacy#now()", true, "com.acme.Service#now()").legacyParameterTypes()).isEmpty();
  }

  @Test
  void aStaticLegacyMethodHasNoReceiverToPassFirst() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MigrationRule("com.acme.Legacy", "run", List.of(), true,
            "com.acme.Adapters", "run", List.of("com.acme.Legacy"), Receiver.FIRST))
        .withMessage("migration of com.acme.Legacy#run(): a static method has no receiver to pass first");
  }

  @Test
  void parametersThatFitNeitherFormAreRefusedNamingTheRule() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRule.of("com.acme.Legacy#run(java.lang.String)", false, "com.acme.Service#run(int)"))
        .withMessage("replacement com.acme.Service#run(int) takes neither the parameters of "
            + "com.acme.Legacy#run(java.lang.String) nor its receiver followed by them");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MigrationRule("com.acme.Legacy", "run", List.of("int"), false,
            "com.acme.Service", "run", List.of("long"), Receiver.DROPPED))
        .withMessage("migration of com.acme.Legacy#run(int): a replacement that drops the receiver takes the legacy "
            + "parameters [int], not [long]");
  }

  @Test
  void namesThatAreNotJavaNamesAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRule.of("com.acme.Legacy#new()", false, "com.acme.Service#make()"))
        .withMessage("migration of com.acme.Legacy#new(): legacy method is not a Java method name: new");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRule.of("com.acme.Legacy#run(java.util.List<String>)", false,
            "com.acme.Service#run(java.util.List<String>)"))
        .withMessageEndingWith("legacy parameter type is not a Java type name: java.util.List<String>");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MigrationRule.of("com.acme.Legacy.run()", false, "com.acme.Service#run()"))
        .withMessage("legacy member is not written owner#name(types): com.acme.Legacy.run()");
  }
}
