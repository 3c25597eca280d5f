package dev.flowrec.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** A bad configuration fails when the job is assembled, naming the key, before anything runs. */
class FlowRecJobConfigTest {

    private static void attach(Map<String, String> settings) {
        FlowRecJob.attach(
                StreamExecutionEnvironment.getExecutionEnvironment(), FlowRecConfig.of(settings));
    }

    @Test
    void unknownKeyIsRefused() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "model.batch-sise",
                                                "64")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.batch-sise");
    }

    @Test
    void missingBootstrapServersIsNamed() {
        assertThatThrownBy(() -> attach(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.bootstrap-servers'");
    }

    @Test
    void windowsMustCoverEveryTask() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "labels.tasks",
                                                "click,like")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'labels.observation-window'")
                .hasMessageContaining("'like'");
    }

    @Test
    void observationWindowLongerThanAttributionIsRefused() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "labels.observation-window",
                                                "click:1min,conversion:1min")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("exceeds its attribution window");
    }

    @Test
    void aCorrectionThatDoesNotFitItsPolicyIsRefused() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "labels.policy",
                                                "click:es-dfm,conversion:vanilla",
                                                "labels.correction",
                                                "conversion:defer")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'labels.correction'")
                .hasMessageContaining("'conversion'");
    }

    @Test
    void dtrnWithoutSequenceFeaturesFailsAtStartNamingTheKey() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "model.type",
                                                "dtrn")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.sequence-features");
    }

    @Test
    void aLayerWidthBelowOneIsNamed() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "model.type",
                                                "mmoe",
                                                "model.hidden-sizes",
                                                "64,0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'model.hidden-sizes'");
    }

    @Test
    void m3oeWithoutItsThreeSizesIsNamed() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "model.type",
                                                "m3oe",
                                                "model.hidden-sizes",
                                                "64,32")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.hidden-sizes");
    }

    @Test
    void anEmbeddingTableTooLargeForFloatRowIndicesIsNamed() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "model.type",
                                                "shared-bottom",
                                                "model.hash-buckets",
                                                "16777216")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.hash-buckets");
    }
}
