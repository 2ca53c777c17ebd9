package dev.sunset.agent.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.RuleSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the agent takes from a rules file's text before parsing it: the names and the packages a class file must
 * mention to be parsed at all; a superset of the rules', so that no class that uses a legacy member is passed over.
 */
class RuleFileTest {
  @Test
  void aPackageRulesPackageIsFoundInTheTextWrittenAnyWayYamlAllowsButNotASubPackagesDoubleStar() {
    String text = "rules:\n"
        + "  - id: block\n    legacy: com.acme.legacy.*\n"
        + "  - {id: flow, legacy: 'com.acme.old.*', stage: warn}\n"
        + "  - id: quoted\n    legacy: \"org.example.gone.*\"   # retire it\n"
        + "  - id: deep\n    legacy: com.acme.deep.**\n"
        + "  - id: cls\n    legacy: com.acme.Factory\n";

    assertThat(RuleFile.packagesIn(text)).containsExactlyInAnyOrder("com/acme/legacy", "com/acme/old",
        "org/example/gone");
    assertThat(RuleFile.namesIn(text)).contains("com/acme/Factory", "com.acme.Factory")
        .noneMatch(n -> n.startsWith("com/acme/legacy") || n.startsWith("com.acme.legacy"));
  }

  @Test
  void theRulesInForceScanForThePackagesOfTheFileAndOfEveryRuleParsed() {
    RulesInForce rules = new RulesInForce();
    rules.startWith(rules.userFile(RuleSource.userFile(Path.of("rules.yaml")),
        "rules:\n  - id: pkg\n    legacy: com.acme.legacy.*\n"));

    assertThat(rules.scanNames().packages()).containsExactly("com/acme/legacy");
    rules.parseUserRules();
    assertThat(rules.scanNames().packages()).containsExactly("com/acme/legacy");
    assertThat(rules.userRules().problems()).isEmpty();
    assertThat(rules.userRules().rules()).singleElement().satisfies(r -> assertThat(r.legacy().isPackage()).isTrue());
  }
}
