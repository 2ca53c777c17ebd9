package dev.sunset.core.classfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.fixtures.Legacy;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ClassFileLocatorTest {
  @Test
  void theLocationOfAClassFileIsTheJarOrFolderHoldingIt() {
    assertThat(ClassFileLocator.containerOf("jar:file:/opt/app/lib/shim.jar!/com/acme/Legacy.class", "com/acme/Legacy.class"))
        .isEqualTo("file:/opt/app/lib/shim.jar");
    assertThat(ClassFileLocator.containerOf("file:/opt/app/classes/com/acme/Legacy.class", "com/acme/Legacy.class"))
        .isEqualTo("file:/opt/app/classes/");
    assertThat(ClassFileLocator.containerOf("jar:nested:/opt/app.jar/!BOOT-INF/lib/shim.jar!/com/acme/Legacy.class",
        "com/acme/Legacy.class")).isEqualTo("jar:nested:/opt/app.jar/!BOOT-INF/lib/shim.jar!/");
  }

  @Test
  void aLoaderLocatorReadsClassFilesAsResourcesWithoutLoadingThem() throws IOException {
    ClassFileLocator locator = ClassFileLocator.of(getClass().getClassLoader());

    assertThat(locator.find("dev/sunset/core/fixtures/Legacy")).hasValueSatisfying(f ->
        assertThat(f.location()).endsWith("/test-classes/"));
    assertThat(locator.find("com/nowhere/Gone")).isEmpty();
    assertThat(Legacy.class).isNotNull();
  }
}
