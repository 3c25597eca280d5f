package dev.flowrec.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowRecConfigTest {

    @Test
    void defaultsAreValidAndTyped() {
        FlowRecConfig config = FlowRecConfig.defaults();
        assertThat(config.get(ModelOptions.BATCH_SIZE)).isEqualTo(256);
        assertThat(config.get(LabelOptions.TASKS)).containsExactly("click", "conversion");
        assertThat(config.get(LabelOptions.OBSERVATION_WINDOW))
                .containsEntry("click", Duration.ofSeconds(10));
        assertThat(config.get(SnapshotOptions.CHUNK_SIZE).bytes()).isEqualTo(900 * 1024);
    }

    @Test
    void parsesEveryTypeFromText() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.batch-size", "512",
                                "model.hidden-sizes", "64, 32",
                                "model.type", "Shared-Bottom",
                                "labels.orphan-wait", "2 min",
                                "labels.attribution-window", "click:1h,conversion:7d",
                                "snapshots.chunk-size", "512kb"));
        assertThat(config.get(ModelOptions.BATCH_SIZE)).isEqualTo(512);
        assertThat(config.get(ModelOptions.HIDDEN_SIZES)).isEqualTo(List.of(64, 32));
        assertThat(config.get(ModelOptions.TYPE)).isEqualTo(ModelType.SHARED_BOTTOM);
        assertThat(config.get(LabelOptions.ORPHAN_WAIT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.get(LabelOptions.ATTRIBUTION_WINDOW))
                .containsEntry("conversion", Duration.ofDays(7));
        assertThat(config.get(SnapshotOptions.CHUNK_SIZE).bytes()).isEqualTo(512 * 1024);
    }

    @Test
    void outOfRangeValueNamesKeyValueAndRange() {
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("model.batch-size", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'model.batch-size'")
                .hasMessageContaining("'0'")
                .hasMessageContaining("[1, 65536]");
    }

    @Test
    void unparsableValueNamesKeyAndType() {
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("labels.orphan-wait", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'labels.orphan-wait'")
                .hasMessageContaining("Duration");
    }

    @Test
    void unknownEnumValueListsAcceptedValues() {
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("model.type", "gbdt")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'model.type'")
                .hasMessageContaining("shared-bottom");
    }

    @Test
    void chunkSizeAboveKafkaLimitIsRejected() {
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("snapshots.chunk-size", "2mb")))
                .hasMessageContaining("'snapshots.chunk-size'")
                .hasMessageContaining("1 MB");
    }

    @Test
    void qualityGateBoundsAreCheckedNamingTheKey() {
        Map<String, String> bad =
                Map.of(
                        "snapshots.gate.min-auc-per-cell", "feedclick:0.6",
                        "snapshots.gate.min-auc", "1.2",
                        "snapshots.gate.max-logloss", "Infinity",
                        "snapshots.gate.calibration-band", "0",
                        "snapshots.gate.window-examples", "2000000",
                        "snapshots.gate.min-examples", "0");
        Map<String, String> why =
                Map.of(
                        "snapshots.gate.min-auc-per-cell", "'feedclick' is not a cell",
                        "snapshots.gate.min-auc", "[0.0, 1.0]",
                        "snapshots.gate.max-logloss", "must be positive and finite",
                        "snapshots.gate.calibration-band", "must be positive and finite",
                        "snapshots.gate.window-examples", "[1, 1000000]",
                        "snapshots.gate.min-examples", ">= 1");
        bad.forEach(
                (key, value) ->
                        assertThatThrownBy(() -> FlowRecConfig.of(Map.of(key, value)))
                                .isInstanceOf(ConfigException.class)
                                .hasMessageContaining("'" + key + "'")
                                .hasMessageContaining(why.get(key)));
        assertThatThrownBy(
                        () ->
                                FlowRecConfig.of(
                                        Map.of(
                                                "snapshots.gate.min-auc-per-cell",
                                                "feed/click:0.6,search/click:high")))
                .hasMessageContaining("'snapshots.gate.min-auc-per-cell'")
                .hasMessageContaining("Map<String, Double>");
        assertThat(
                        FlowRecConfig.of(
                                        Map.of(
                                                "snapshots.gate.min-auc-per-cell",
                                                "feed/click:0.62, search/conversion:0.55"))
                                .get(SnapshotOptions.GATE_MIN_AUC_PER_CELL))
                .isEqualTo(Map.of("feed/click", 0.62, "search/conversion", 0.55));
    }

    @Test
    void missingRequiredKeyIsNamedOnUse() {
        assertThatThrownBy(() -> FlowRecConfig.defaults().get(KafkaOptions.BOOTSTRAP_SERVERS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.bootstrap-servers'");
    }

    @Test
    void secretsAreNeverEchoed() {
        ConfigOption<Integer> secret =
                ConfigOptions.key("kafka.test-secret")
                        .intType()
                        .noDefaultValue()
                        .secret()
                        .withDescription("A secret.");
        assertThatThrownBy(() -> secret.parse("hunter2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.test-secret'")
                .hasMessageContaining("(hidden)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theSigningKeyIsNeverAnOptionOnlyWhereToFindIt() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "snapshots.signing.private-key-file", "/keys/signing.pem",
                                "snapshots.signing.key-id", "k1"));
        assertThat(config.effective())
                .containsEntry("snapshots.signing.private-key-file", "/keys/signing.pem")
                .containsEntry("snapshots.signing.key-id", "k1");
        assertThat(FlowRecConfig.of(Map.of("snapshots.signing-key", "hunter2")).unknownKeys())
                .as("the HMAC secret is gone; a leftover setting is flagged, not used")
                .containsExactly("snapshots.signing-key");
    }

    @Test
    void unknownKeysUnderOurPrefixesAreReportedButClientPassThroughIsNot() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.batch-sise",
                                "5",
                                "kafka.client.security.protocol",
                                "SSL",
                                "other.key",
                                "x"));
        assertThat(config.unknownKeys()).containsExactly("model.batch-sise");
        assertThat(KafkaOptions.clientProperties(config)).containsEntry("security.protocol", "SSL");
    }

    @Test
    void keysFollowTheNamingRule() {
        assertThatThrownBy(() -> ConfigOptions.key("Model.BatchSize"))
                .hasMessageContaining("lowercase, dotted");
        assertThat(FlowRecConfig.declaredOptions())
                .extracting(ConfigOption::key)
                .doesNotHaveDuplicates();
    }
}
