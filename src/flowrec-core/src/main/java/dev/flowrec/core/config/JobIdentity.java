package dev.flowrec.core.config;

/**
 * The names under which one job meets infrastructure it shares with other jobs: its Kafka consumer
 * group, the transactional-id prefix of its exactly-once sinks and the model id its snapshots are
 * keyed by. Each is its own option when set, else {@code pipeline.job-name}, which has no default:
 * two jobs started with defaults would fence each other's transactions and interleave their
 * snapshots under one model id, so a job without a name is refused at start.
 */
public record JobIdentity(
        String jobName, String groupId, String transactionalIdPrefix, String modelId) {

    /**
     * @throws ConfigException naming {@code pipeline.job-name} when it is unset
     */
    public static JobIdentity of(FlowRecConfig config) {
        String job = config.get(PipelineOptions.JOB_NAME);
        return new JobIdentity(
                job,
                config.getOptional(KafkaOptions.GROUP_ID).orElse(job),
                config.getOptional(KafkaOptions.TRANSACTIONAL_ID_PREFIX).orElse(job),
                config.getOptional(ModelOptions.ID).orElse(job));
    }

    /**
     * The model id alone, for what publishes snapshots without running a job (benchmarks, tools).
     *
     * @throws ConfigException naming both keys when neither is set
     */
    public static String modelId(FlowRecConfig config) {
        return config.getOptional(ModelOptions.ID)
                .or(() -> config.getOptional(PipelineOptions.JOB_NAME))
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        "Missing configuration key '"
                                                + ModelOptions.ID.key()
                                                + "' and its fallback '"
                                                + PipelineOptions.JOB_NAME.key()
                                                + "': snapshots need a model id"));
    }
}
