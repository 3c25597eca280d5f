package dev.flowrec.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionTimeoutTest {
    private static final String BOOTSTRAP = "kafka.bootstrap-servers";

    @Test
    void theDefaultsFit() {
        FlowRecConfig config = FlowRecConfig.of(Map.of(BOOTSTRAP, "h:9092"));

        TransactionTimeout.check(config);
        assertThat(TransactionTimeout.of(config)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aTimeoutShorterThanIntervalPlusCheckpointTimeoutIsRefusedNamingTheKeys() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                BOOTSTRAP,
                                "h:9092",
                                "kafka.client.transaction.timeout.ms",
                                "60000",
                                "pipeline.checkpoint-interval",
                                "30s",
                                "pipeline.checkpoint-timeout",
                                "1min"));

        assertThatThrownBy(() -> TransactionTimeout.check(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.client.transaction.timeout.ms' (60000 ms)")
                .hasMessageContaining("pipeline.checkpoint-interval")
                .hasMessageContaining("pipeline.checkpoint-timeout")
                .hasMessageContaining("30000 + 60000 ms");
    }

    @Test
    void aTimeoutThatIsNotANumberIsNamed() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                BOOTSTRAP,
                                "h:9092",
                                "kafka.client.transaction.timeout.ms",
                                "10min"));

        assertThatThrownBy(() -> TransactionTimeout.of(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.client.transaction.timeout.ms");
    }
}
