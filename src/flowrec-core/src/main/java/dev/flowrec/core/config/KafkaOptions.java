package dev.flowrec.core.config;

import java.util.Map;
import java.util.TreeMap;

/** {@code kafka.*}: where the job reads events and writes snapshots and dead letters. */
public final class KafkaOptions {
    /** Settings under this prefix go to every Kafka client unchanged (SASL/SSL and the like). */
    public static final String CLIENT_PREFIX = "kafka.client.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.notBlank())
                    .withDescription("Kafka bootstrap servers, host:port[,host:port].");

    public static final ConfigOption<String> IMPRESSIONS_TOPIC =
            ConfigOptions.key("kafka.topic.impressions")
                    .stringType()
                    .defaultValue("flowrec.impressions")
                    .checking(Constraint.notBlank())
                    .withDescription("Topic of Impression records (Avro single-object encoding).");

    public static final ConfigOption<String> FEEDBACK_TOPIC =
            ConfigOptions.key("kafka.topic.feedback")
                    .stringType()
                    .defaultValue("flowrec.feedback")
                    .checking(Constraint.notBlank())
                    .withDescription("Topic of Feedback records (clicks, conversions, ...).");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("kafka.topic.dead-letter")
                    .stringType()
                    .defaultValue("flowrec.dead-letter")
                    .checking(Constraint.notBlank())
                    .withDescription(
                            "Topic where malformed, invalid, orphaned and late records go, with the"
                                    + " reason.");

    public static final ConfigOption<MemorySize> DEAD_LETTER_MAX_PAYLOAD =
            ConfigOptions.key("kafka.dead-letter.max-payload")
                    .memoryType()
                    .defaultValue(MemorySize.parse("512kb"))
                    .checking(
                            Constraint.described(
                                    v ->
                                            v.bytes() <= 900_000
                                                    ? null
                                                    : "must be at most 900000 bytes, so that a dead"
                                                            + " letter with its other fields fits"
                                                            + " Kafka's 1 MB default record limit",
                                    "[0b, 900000b]"))
                    .withDescription(
                            "Most bytes of a bad record's value that its dead letter keeps. A"
                                + " larger value is kept cut to this size, with its whole size and"
                                + " SHA-256, so the dead letter still fits the topic.");

    public static final ConfigOption<String> SNAPSHOTS_TOPIC =
            ConfigOptions.key("kafka.topic.snapshots")
                    .stringType()
                    .defaultValue("flowrec.snapshots")
                    .checking(Constraint.notBlank())
                    .withDescription(
                            "Topic of model snapshots (manifests and chunks). Use time or size"
                                    + " retention, never compaction.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("kafka.group-id")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.plainName())
                    .withDescription(
                            "Consumer group of the job's sources (offsets live in checkpoints; the"
                                    + " group is for monitoring). Default: pipeline.job-name.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("kafka.transactional-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.plainName())
                    .withDescription(
                            "Prefix of the exactly-once sinks' transactional ids; unique per job on"
                                    + " a Kafka cluster. Default: pipeline.job-name.");

    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key("kafka.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the offsets that are latest when the job starts (replays and"
                                    + " tests); at the end every pending label window closes.");

    private KafkaOptions() {}

    /** The {@value #CLIENT_PREFIX} settings with the prefix removed. */
    public static Map<String, String> clientProperties(FlowRecConfig config) {
        Map<String, String> out = new TreeMap<>();
        config.toMap()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(CLIENT_PREFIX)) {
                                out.put(k.substring(CLIENT_PREFIX.length()), v);
                            }
                        });
        return out;
    }
}
