package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OnlineMetric} must keep (style rule 10): merging parts equals recording
 * the whole, copies are independent, serialized state round-trips, bad input is rejected without
 * changing the state. Each metric's test extends this class.
 */
abstract class OnlineMetricContractTest<M extends OnlineMetric<M>> {

    /** An empty metric. */
    abstract M newMetric();

    /** Serializes and deserializes the metric. */
    abstract M roundTrip(M metric) throws Exception;

    /** Fails unless both metrics hold the same state, sums compared within rounding. */
    abstract void assertEquivalent(M actual, M expected);

    /** A mix of typical, small and extreme probabilities with labels drawn from them. */
    static void addRandom(OnlineMetric<?> metric, SplittableRandom random, int n) {
        for (int i = 0; i < n; i++) {
            double logit = random.nextDouble(-12.0, 4.0);
            double draw = random.nextDouble();
            double p = draw < 0.01 ? 0.0 : draw > 0.99 ? 1.0 : 1.0 / (1.0 + Math.exp(-logit));
            metric.add(p, random.nextDouble() < p ? 1 : 0);
        }
    }

    @Test
    void mergingPartsEqualsRecordingTheWhole() {
        M whole = newMetric();
        addRandom(whole, new SplittableRandom(11), 6000);
        SplittableRandom random = new SplittableRandom(11);
        M first = newMetric();
        M second = newMetric();
        M third = newMetric();
        addRandom(first, random, 1000);
        addRandom(second, random, 3500);
        addRandom(third, random, 1500);

        first.merge(second);
        first.merge(third);

        assertThat(first.count()).isEqualTo(6000);
        assertEquivalent(first, whole);
    }

    @Test
    void mergeLeavesItsArgumentUnchanged() {
        M target = newMetric();
        M source = newMetric();
        addRandom(source, new SplittableRandom(3), 500);
        M before = source.copy();

        target.merge(source);
        target.merge(source);

        assertThat(target.count()).isEqualTo(1000);
        assertEquivalent(source, before);
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        M original = newMetric();
        addRandom(original, new SplittableRandom(5), 300);
        M copy = original.copy();

        original.add(0.5, 1);

        assertThat(copy.count()).isEqualTo(300);
        assertThat(original.count()).isEqualTo(301);
    }

    @Test
    void serializedStateRoundTrips() throws Exception {
        M empty = newMetric();
        assertEquivalent(roundTrip(empty), empty);

        M filled = newMetric();
        addRandom(filled, new SplittableRandom(7), 4000);
        M restored = roundTrip(filled);
        assertEquivalent(restored, filled);

        // The restored metric keeps accumulating exactly like the original.
        restored.add(0.25, 1);
        filled.add(0.25, 1);
        assertEquivalent(restored, filled);
    }

    @Test
    void rejectsInvalidInputWithoutChangingState() {
        M metric = newMetric();
        assertThatThrownBy(() -> metric.add(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probability")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> metric.add(-0.01, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.01");
        assertThatThrownBy(() -> metric.add(1.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> metric.add(0.5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label")
                .hasMessageContaining("2");
        assertThat(metric.count()).isZero();
    }
}
