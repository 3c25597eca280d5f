package dev.flowrec.core.config;

import java.time.Duration;

/**
 * The Kafka transaction timeout of the exactly-once sinks, and the check that it fits the
 * checkpoints. A sink's transaction stays open from one checkpoint until the next one completes: up
 * to the checkpoint interval plus the checkpoint timeout. If the broker aborts it sooner, the
 * records of a completed checkpoint are lost, and the job cannot tell until it restarts.
 */
public final class TransactionTimeout {
    /** The producer property, set under {@code kafka.client.}. */
    public static final String PRODUCER_PROPERTY = "transaction.timeout.ms";

    /**
     * The value when none is set: Kafka brokers cap transaction timeouts at 15 minutes by default.
     */
    public static final Duration DEFAULT = Duration.ofMinutes(10);

    private TransactionTimeout() {}

    /**
     * The timeout the sinks use: {@code kafka.client.transaction.timeout.ms}, else {@link
     * #DEFAULT}.
     */
    public static Duration of(FlowRecConfig config) {
        String raw = KafkaOptions.clientProperties(config).get(PRODUCER_PROPERTY);
        if (raw == null) {
            return DEFAULT;
        }
        try {
            return Duration.ofMillis(Long.parseLong(raw.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "Invalid value '"
                            + raw
                            + "' for configuration key '"
                            + KafkaOptions.CLIENT_PREFIX
                            + PRODUCER_PROPERTY
                            + "': not a number of milliseconds");
        }
    }

    /**
     * Throws unless the transaction timeout exceeds the checkpoint interval plus the checkpoint
     * timeout, naming all three keys and their values.
     */
    public static void check(FlowRecConfig config) {
        Duration timeout = of(config);
        Duration interval = config.get(PipelineOptions.CHECKPOINT_INTERVAL);
        Duration checkpointTimeout = config.get(PipelineOptions.CHECKPOINT_TIMEOUT);
        Duration longestOpen = interval.plus(checkpointTimeout);
        if (timeout.compareTo(longestOpen) <= 0) {
            throw new ConfigException(
                    "'"
                            + KafkaOptions.CLIENT_PREFIX
                            + PRODUCER_PROPERTY
                            + "' ("
                            + timeout.toMillis()
                            + " ms) must exceed '"
                            + PipelineOptions.CHECKPOINT_INTERVAL.key()
                            + "' plus '"
                            + PipelineOptions.CHECKPOINT_TIMEOUT.key()
                            + "' ("
                            + interval.toMillis()
                            + " + "
                            + checkpointTimeout.toMillis()
                            + " ms): a sink's transaction stays open that long, and one the"
                            + " broker aborts first loses the records of a completed checkpoint");
        }
    }
}
