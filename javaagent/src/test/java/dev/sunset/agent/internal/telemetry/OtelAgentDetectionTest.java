package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtelAgentDetectionTest {
  @TempDir
  Path dir;

  @Test
  void aJarIsTheOpenTelemetryJavaAgentWhenItsManifestNamesThatAgentsPremainClass() throws IOException {
    Path otel = jar("renamed-otel.jar", "io.opentelemetry.javaagent.OpenTelemetryAgent");
    Path other = jar("other-agent.jar", "com.acme.Agent");

    assertThat(OtelAgentDetection.isOtelJavaagent(otel)).isTrue();
    assertThat(OtelAgentDetection.isOtelJavaagent(other)).isFalse();
    assertThat(OtelAgentDetection.isOtelJavaagent(dir.resolve("missing.jar"))).isFalse();
  }

  @Test
  void anOpenTelemetryAgentInJavaToolOptionsCountsAsAttached() throws IOException {
    Path otel = jar("otel.jar", "io.opentelemetry.javaagent.OpenTelemetryAgent");

    assertThat(OtelAgentDetection.onCommandLine(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g -javaagent:" + otel + "=x")::get))
        .isTrue();
    assertThat(OtelAgentDetection.onCommandLine(Map.<String, String>of()::get)).isFalse();
  }

  @Test
  void withoutThatAgentNothingIsAttachedOrReady() {
    assertThat(OtelAgentDetection.attached(Map.<String, String>of()::get)).isFalse();
    assertThat(OtelAgentDetection.agentReady()).isFalse();
  }

  private Path jar(String name, String premainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", premainClass);
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // a manifest is all the check reads
    }
    return jar;
  }
}
