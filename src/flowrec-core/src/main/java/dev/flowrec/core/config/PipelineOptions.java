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
                    .noDefaultValue()
                    .checking(Constraint.plainName())
                    .withDescription(
                            "Required: the job's name, unique among the jobs sharing a Kafka"
                                + " cluster. It names the Flink job and, unless set on their own,"
                                + " the consumer group, the transactional-id prefix and the model"
                                + " id. There is no default, because two jobs with one"
                                + " transactional-id prefix abort each other's transactions and two"
                                + " with one model id publish into each other's snapshot stream.");

    public static final ConfigOption<Integer> MAX_RESTARTS =
            ConfigOptions.key("pipeline.max-restarts")
                    .intType()
                    .defaultValue(0)
                    .checking(Constraint.atLeast(0))
                    .withDescription(
                            "Restarts in a row (with exponential back-off from 1 s to 5 min) after"
                                + " which the job gives up and fails; 0 means it never gives up."
                                + " Bad records never fail the job, so what it restarts for is"
                                + " outside it (a broker or storage outage), and a job that gave up"
                                + " stops updating models until someone restarts it. Retained"
                                + " checkpoints survive either way.");

    private PipelineOptions() {}
}
