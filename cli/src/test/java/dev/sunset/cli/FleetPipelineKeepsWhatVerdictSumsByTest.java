package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.internal.verdict.Prometheus;
import dev.sunset.examples.chat.CollectorConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet collector pipeline sums the counter over instances but keeps every label the verdict's queries
 * group by, and the stage: summed series answer {@code sunset verdict --prometheus} as per-JVM ones do.
 */
class FleetPipelineKeepsWhatVerdictSumsByTest {
  @Test
  @SuppressWarnings("unchecked")
  void theAggregationKeepsEveryLabelTheVerdictQueriesGroupBy() throws Exception {
    Map<String, Object> config = CollectorConfig.yaml(CollectorConfig.dir().resolve("otelcol-fleet.yaml"));
    Map<String, Object> processors = (Map<String, Object>) config.get("processors");
    Map<String, Object> sum = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
        processors.get("metricstransform/sum-over-instances")).get("transforms")).get(0);
    Map<String, Object> operation = (Map<String, Object>) ((List<Object>) sum.get("operations")).get(0);
    List<String> kept = ((List<String>) operation.get("label_set")).stream().map(l -> l.replace('.', '_')).toList();
    List<String> groupedBy = Arrays.stream(Prometheus.SITE_LABELS.split(",")).map(String::trim).toList();

    assertThat(sum.get("include")).isEqualTo("sunset.legacy.calls");
    assertThat(operation).containsEntry("aggregation_type", "sum");
    assertThat(kept).containsAll(groupedBy).contains("sunset_stage");
    assertThat(Prometheus.CALLS_IN_WINDOW).contains("sunset_legacy_calls_total");
  }
}
