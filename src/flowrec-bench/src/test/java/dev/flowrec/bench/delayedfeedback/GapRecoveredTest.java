package dev.flowrec.bench.delayedfeedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GapRecoveredTest {
    @Test
    void gapRecoveredIsZeroAtVanillaAndOneAtTheOracle() {
        assertThat(DelayedFeedbackBenchmark.gapRecovered(0.70, 0.70, 0.80)).isZero();
        assertThat(DelayedFeedbackBenchmark.gapRecovered(0.80, 0.70, 0.80)).isEqualTo(1.0);
        // 0.5 only up to the rounding of the three inputs, which are not exact in binary
        assertThat(DelayedFeedbackBenchmark.gapRecovered(0.40, 0.50, 0.30))
                .as("logloss: lower is better")
                .isCloseTo(0.5, within(1e-12));
    }
}
