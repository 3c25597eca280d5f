package dev.flowrec.job;

import dev.flowrec.core.config.FlowRecConfig;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

/** The Flink settings FlowRec's guarantees depend on, derived from FlowRec's configuration. */
public final class FlinkSettings {
    private FlinkSettings() {}

    /** {@link #of(FlowRecConfig)}, resuming from a savepoint or retained checkpoint if not null. */
    public static Configuration of(FlowRecConfig config, String fromSavepoint) {
        Configuration conf = of(config);
        if (fromSavepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
        }
        return conf;
    }

    public static Configuration of(FlowRecConfig config) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                config.get(dev.flowrec.core.config.PipelineOptions.CHECKPOINT_DIR));
        // Flink deletes a job's checkpoints when it fails for good or is cancelled; kept, they are
        // what a restarted job resumes from without losing or retraining a record.
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // Incremental: the join's state can be large, and each checkpoint then ships only new SST
        // files.
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                config.get(dev.flowrec.core.config.PipelineOptions.CHECKPOINT_INTERVAL));
        // The trainer is slower than the intake, so the job runs backpressured, and an aligned
        // barrier would wait behind every buffered record: checkpoints, and with them the
        // visibility of each snapshot, would lag by the backlog. Barriers that wait longer than a
        // second overtake the buffers, which are then stored with the checkpoint.
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        conf.set(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, Duration.ofSeconds(1));
        conf.set(
                CheckpointingOptions.CHECKPOINTING_TIMEOUT,
                config.get(dev.flowrec.core.config.PipelineOptions.CHECKPOINT_TIMEOUT));
        // Kryo cannot rebuild JDK-internal and immutable collections on Java 17; every type is Avro
        // or basic.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        config.getOptional(dev.flowrec.core.config.PipelineOptions.JOB_NAME)
                .ifPresent(name -> conf.set(PipelineOptions.NAME, name));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(5));
        int maxRestarts = config.get(dev.flowrec.core.config.PipelineOptions.MAX_RESTARTS);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                maxRestarts == 0 ? Integer.MAX_VALUE : maxRestarts);
        // RocksDB's own estimates are the join's state-size metrics.
        conf.setString("state.backend.rocksdb.metrics.estimate-num-keys", "true");
        conf.setString("state.backend.rocksdb.metrics.estimate-live-data-size", "true");
        conf.setString("state.backend.rocksdb.metrics.total-sst-files-size", "true");
        return conf;
    }
}
