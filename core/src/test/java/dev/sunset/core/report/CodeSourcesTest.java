package dev.sunset.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeSourcesTest {
  private static final Path BASE = Path.of("/work/build");

  @Test
  void anAgentsUrlOfAScannedJarIsShownAsTheScanNamesIt() {
    CodeSources c = CodeSources.of(List.of("target/app.jar", "target/classes"), BASE);

    assertThat(c.asScanned("file:/work/build/target/app.jar")).isEqualTo("target/app.jar");
    assertThat(c.asScanned("file:/work/build/target/classes/")).isEqualTo("target/classes");
    assertThat(c.asScanned("target/app.jar")).as("already the scan's").isEqualTo("target/app.jar");
  }

  @Test
  void aSpringBootJarsNestedEntriesMatchInBothUrlForms() {
    CodeSources c = CodeSources.of(List.of("app.jar!/BOOT-INF/classes", "app.jar!/BOOT-INF/lib/shim.jar"), BASE);

    assertThat(c.asScanned("jar:nested:/work/build/app.jar/!BOOT-INF/classes/!/"))
        .isEqualTo("app.jar!/BOOT-INF/classes");
    assertThat(c.asScanned("jar:file:/work/build/app.jar!/BOOT-INF/lib/shim.jar!/"))
        .isEqualTo("app.jar!/BOOT-INF/lib/shim.jar");
  }

  @Test
  void theJarDeployedElsewhereIsTheScannedJarOfTheSameNameWhenOnlyOneHasIt() {
    CodeSources one = CodeSources.of(List.of("app.jar", "lib/other.jar"), BASE);
    CodeSources two = CodeSources.of(List.of("a/app.jar", "b/app.jar"), BASE);

    assertThat(one.asScanned("file:/opt/app/app.jar")).isEqualTo("app.jar");
    assertThat(two.asScanned("file:/opt/app/app.jar")).as("which one is not known").isEqualTo("file:/opt/app/app.jar");
  }

  @Test
  void whatNamesNoScannedArtifactIsKeptAsItIs() {
    CodeSources c = CodeSources.of(List.of("app.jar"), BASE);

    assertThat(c.asScanned("file:/opt/plugins/plugin.jar")).isEqualTo("file:/opt/plugins/plugin.jar");
    assertThat(c.asScanned("jrt:/java.base")).isEqualTo("jrt:/java.base");
    assertThat(c.asScanned("unknown")).isEqualTo("unknown");
    assertThat(c.asScanned(null)).isNull();
    assertThat(CodeSources.none().asScanned("file:/opt/app/app.jar")).isEqualTo("file:/opt/app/app.jar");
  }
}
