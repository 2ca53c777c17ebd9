package dev.sunset.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.benchmarks.overhead.StartupSamples.Part;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupSamplesTest {
  private static final String TRANSFORM = "dev.sunset.agent.internal.rewrite.LegacyCallTransformer.transform";
  private static final String LOAD = "java.lang.ClassLoader.defineClass1";
  private static final String SPRING = "org.springframework.context.support.AbstractApplicationContext.refresh";

  @Test
  void aTransformSampleIsChargedToTheStepItsInnerFramesName() {
    assertThat(StartupSamples.classify("main", List.of(
        "dev.sunset.agent.shaded.core.classfile.ConstantPoolScan.mentionsAny", TRANSFORM, LOAD, SPRING)))
        .isEqualTo(Part.PRE_SCAN);
    assertThat(StartupSamples.classify("main", List.of("dev.sunset.agent.shaded.asm.SymbolTable.<init>",
        "dev.sunset.agent.shaded.asm.ClassWriter.<init>", "dev.sunset.agent.internal.rewrite.ClassRewrite.pass",
        "dev.sunset.agent.internal.rewrite.LegacyCallTransformer.rewrite", TRANSFORM, LOAD, SPRING)))
        .isEqualTo(Part.ASM_WRITE);
    assertThat(StartupSamples.classify("main", List.of("dev.sunset.agent.shaded.asm.ClassReader.readCode",
        "dev.sunset.agent.shaded.asm.ClassReader.accept", "dev.sunset.agent.internal.rewrite.ClassRewrite.pass",
        TRANSFORM, LOAD))).isEqualTo(Part.ASM_READ);
    assertThat(StartupSamples.classify("main", List.of("dev.sunset.agent.shaded.core.classfile.ClassFileCheck.code",
        "dev.sunset.agent.shaded.core.classfile.ClassFileCheck.whyLeftAlone", TRANSFORM))).isEqualTo(Part.CLASS_FILE_CHECK);
    assertThat(StartupSamples.classify("main", List.of(TRANSFORM, LOAD))).isEqualTo(Part.TRANSFORM_OTHER);
  }

  @Test
  void linkageSplitsTheMethodHandlesItSpinsFromTheRest() {
    List<String> bootstrap = List.of("dev.sunset.agent.internal.linkage.CallSiteLinker.link",
        "dev.sunset.agent.internal.linkage.IndyBootstrap.bootstrap", "java.lang.SunsetBootstrapDispatcher.bootstrap",
        "java.lang.invoke.MethodHandleNatives.linkCallSite", SPRING);
    assertThat(StartupSamples.classify("main", bootstrap)).isEqualTo(Part.LINK);
    List<String> spinning = new ArrayList<>(List.of("java.lang.invoke.InvokerBytecodeGenerator.generate",
        "java.lang.invoke.LambdaForm.compileToBytecode"));
    spinning.addAll(bootstrap);
    assertThat(StartupSamples.classify("main", spinning)).isEqualTo(Part.LINK_SPIN);
  }

  @Test
  void aSampleWithoutSunsetIsTheApplicationsAndTheAgentsThreadIsSunsetsWhateverItRuns() {
    assertThat(StartupSamples.classify("main", List.of(LOAD, SPRING))).isEqualTo(Part.APPLICATION);
    assertThat(StartupSamples.classify("main", List.of())).isEqualTo(Part.APPLICATION);
    assertThat(StartupSamples.classify("sunset", List.of("java.util.HashMap.put"))).isEqualTo(Part.AGENT_THREAD);
    assertThat(StartupSamples.classify("main", List.of("dev.sunset.agent.internal.registry.CallCounters$Cell.hit",
        SPRING))).isEqualTo(Part.CALLS);
    assertThat(Part.APPLICATION.isSunset()).isFalse();
  }
}
