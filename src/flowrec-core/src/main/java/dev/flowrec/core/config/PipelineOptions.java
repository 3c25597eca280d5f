package dev.flowrec.core.config;

import java.time.Duration;

/** {@code pipeline.*}: the Flink job around the logic (checkpoints, parallelism). */
public final class PipelineOptions {
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("pipeline.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "Checkpoint interval. Snapshots become visible to read_committed"
                                    + " consumers only at checkpoints, so this bounds model"
                                    + " freshness.");

    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            ConfigOptions.key("pipeline.checkpoint-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "How long a checkpoint may take before it is abandoned. With the"
                                    + " interval it bounds how long the exactly-once sinks keep a"
                                    + " transaction open, which the transaction timeout must"
                                    + " exceed.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("pipeline.checkpoint-dir")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.notBlank())
                    .withDescription(
                            "Durable checkpoint location (a URI: hdfs://, s3://, or file:// on a"
                                    + " volume every TaskManager shares). Required: a default under"
                                    + " /tmp would vanish with the machine, and with it the state"
                                    + " every restore depends on. Checkpoints are retained when the"
                                    + " job fails or is cancelled.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("pipeline.parallelism")
                    .intType()
                    .defaultValue(1)
                    .checking(Constraint.between(1, 1024))
                    .withDescription(
                            "Parallelism of decoding and the label join; the trainer always runs in"
                                    + " one subtask.");

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("pipeline.job-name")
                    .stringType()
                    .defaultValue("FlowRecJob")
                    .checking(Constraint.notBlank())
                    .withDescription("Name of the Flink job.");

    private PipelineOptions() {}
}
