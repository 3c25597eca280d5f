package dev.flowrec.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad configuration fails when the job is assembled, naming the key, before anything runs. */
class FlowRecJobConfigTest {

    /** Attaches the job with the settings and a job name. */
    private static void attach(Map<String, String> settings) {
        Map<String, String> named = new HashMap<>(settings);
        named.putIfAbsent("pipeline.job-name", "config-test");
        attachExactly(named);
    }

    private static void attachExactly(Map<String, String> settings) {
        FlowRecJob.attach(
                StreamExecutionEnvironment.getExecutionEnvironment(), FlowRecConfig.of(settings));
    }

    /**
     * Two jobs started with defaults would share a transactional-id prefix and a model id, so a job
     * without a name is refused.
     */
    @Test
    void aJobWithoutANameIsRefused() {
        assertThatThrownBy(() -> attachExactly(Map.of("kafka.bootstrap-servers", "h:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration key 'pipeline.job-name'");
    }

    @Test
    void aJobNameKafkaCannotTakeIsRefused() {
        assertThatThrownBy(() -> attach(Map.of("pipeline.job-name", "ranking job/eu")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pipeline.job-name'");
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
    void aTransactionTimeoutTheCheckpointsCanOutlastIsRefused() {
        Map<String, String> settings =
                Map.of(
                        "kafka.bootstrap-servers",
                        "h:9092",
                        "kafka.client.transaction.timeout.ms",
                        "60000");
        assertThatThrownBy(() -> attach(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.client.transaction.timeout.ms' (60000 ms)");
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
    void aGateFloorOfACellTheModelLacksIsRefusedBeforeSubmission() {
        assertThatThrownBy(
                        () ->
                                attach(
                                        Map.of(
                                                "kafka.bootstrap-servers",
                                                "h:9092",
                                                "snapshots.gate.min-auc-per-cell",
                                                "feed/like:0.6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'snapshots.gate.min-auc-per-cell'")
                .hasMessageContaining("'feed/like'");
    }

    /**
     * Complete model settings are built and checked when the job is assembled, so a model that
     * cannot be built fails before submission, naming the key, not inside a running operator.
     */
    @ParameterizedTest(name = "{0} with {1}={2} names {3}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    dtrn          | model.type         | dtrn     | model.sequence-features
                    mmoe          | model.hidden-sizes | 64,0     | 'model.hidden-sizes'
                    m3oe          | model.hidden-sizes | 64,32    | model.hidden-sizes
                    shared-bottom | model.hash-buckets | 16777216 | model.hash-buckets
                    """)
    void aModelThatCannotBeBuiltFailsAtStartNamingTheKey(
            String type, String key, String value, String named) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap-servers", "h:9092");
        settings.put("model.type", type);
        settings.put(key, value);
        assertThatThrownBy(() -> attach(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(named);
    }
}
