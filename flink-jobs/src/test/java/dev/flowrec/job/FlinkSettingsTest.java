package dev.flowrec.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

/** The settings FlowRec's guarantees rest on are always there. */
class FlinkSettingsTest {

    @Test
    void rocksDbIncrementalCheckpointsAndNoKryo() {
        Configuration conf =
                FlinkSettings.of(
                        FlowRecConfig.of(
                                Map.of(
                                        "pipeline.checkpoint-interval",
                                        "7s",
                                        "pipeline.checkpoint-dir",
                                        "file:///var/flowrec/chk")));
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///var/flowrec/chk");
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(conf.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
        assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    /**
     * A job that fails for good stops updating models until someone acts; by default it keeps
     * restarting with back-off instead.
     */
    @Test
    void restartsNeverGiveUpUnlessBounded() {
        Map<String, String> settings = Map.of("pipeline.checkpoint-dir", "file:///c");
        Configuration unbounded = FlinkSettings.of(FlowRecConfig.of(settings));
        assertThat(unbounded.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        unbounded.get(
                                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(Integer.MAX_VALUE);

        Map<String, String> bounded = new java.util.HashMap<>(settings);
        bounded.put("pipeline.max-restarts", "7");
        assertThat(
                        FlinkSettings.of(FlowRecConfig.of(bounded))
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(7);
    }

    @Test
    void aCheckpointLocationMustBeChosenNotDefaultedToTmp() {
        assertThatThrownBy(() -> FlinkSettings.of(FlowRecConfig.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipeline.checkpoint-dir");
    }
}
