package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FinalLabelWindowTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed", "search"), List.of("click"));

    /** Fixed-point sums: each example's figures are exact to about 1.5e-11. */
    private static final org.assertj.core.data.Offset<Double> FIXED_POINT = within(1e-9);

    private static CellReport feed(FinalLabelWindow window) {
        return window.report().cell("feed/click");
    }

    @Test
    void holdsTheNewestExamplesOfEachCellAndItsFiguresFollowEveryEviction() {
        FinalLabelWindow window = new FinalLabelWindow(SPACE, 3);
        window.record(0, 0, 0.25f, 1);
        window.record(0, 0, 0.5f, 0);
        window.record(0, 0, 0.75f, 1);

        CellReport full = feed(window);
        assertThat(full.examples()).isEqualTo(3);
        assertThat(full.positives()).isEqualTo(2);
        assertThat(full.auc()).as("0.75 beats 0.5, 0.25 does not").isEqualTo(0.5);
        assertThat(full.logLoss())
                .isCloseTo(-(Math.log(0.25) + Math.log(0.5) + Math.log(0.75)) / 3, FIXED_POINT);
        assertThat(full.calibration()).as("1.5 predicted for 2 positives").isEqualTo(0.75);

        window.record(0, 0, 0.125f, 0); // pushes out (0.25, 1)
        CellReport once = feed(window);
        assertThat(once.examples()).isEqualTo(3);
        assertThat(once.positives()).isEqualTo(1);
        assertThat(once.auc()).as("0.75 beats 0.5 and 0.125").isEqualTo(1.0);
        assertThat(once.logLoss())
                .isCloseTo(-(Math.log(0.5) + Math.log(0.75) + Math.log(0.875)) / 3, FIXED_POINT);
        assertThat(once.calibration()).isEqualTo(1.375);

        window.record(0, 0, 0.875f, 0); // pushes out (0.5, 0)
        CellReport twice = feed(window);
        assertThat(twice.positives()).isEqualTo(1);
        assertThat(twice.auc()).as("0.75 beats 0.125, not 0.875").isEqualTo(0.5);
        assertThat(twice.calibration()).isEqualTo(1.75);

        window.record(0, 0, 0.5f, 0); // pushes out the last positive
        assertThat(feed(window).positives()).isZero();
        assertThat(feed(window).auc()).isNaN();
        assertThat(feed(window).calibration()).isNaN();
        assertThat(window.report().cell("search/click"))
                .as("each cell has a window of its own")
                .isEqualTo(new CellReport(0, 0, Double.NaN, Double.NaN, Double.NaN));
    }

    @Test
    void aLongStreamLeavesExactlyTheFiguresOfItsLastExamples() {
        SplittableRandom random = new SplittableRandom(7);
        int capacity = 1_000;
        float[] predictions = new float[100_000];
        int[] labels = new int[predictions.length];
        FinalLabelWindow window = new FinalLabelWindow(SPACE, capacity);
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = (float) random.nextDouble();
            labels[i] = random.nextDouble() < predictions[i] ? 1 : 0;
            window.record(0, 0, predictions[i], labels[i]);
        }

        FinalLabelWindow lastOnly = new FinalLabelWindow(SPACE, capacity);
        for (int i = predictions.length - capacity; i < predictions.length; i++) {
            lastOnly.record(0, 0, predictions[i], labels[i]);
        }
        assertThat(window.report())
                .as("no rounding left behind by 99,000 examples that came and went")
                .isEqualTo(lastOnly.report());
        double[] scores = new double[capacity];
        int[] tail = Arrays.copyOfRange(labels, predictions.length - capacity, labels.length);
        for (int i = 0; i < capacity; i++) {
            scores[i] = predictions[predictions.length - capacity + i];
        }
        assertThat(feed(window).auc()).isCloseTo(ExactAuc.of(scores, tail), within(1e-3));
    }

    @Test
    void aRestoredWindowReportsAndEvictsAsTheOriginal() {
        FinalLabelWindow window = new FinalLabelWindow(SPACE, 4);
        float[] stream = {0.1f, 0.9f, 0.3f, 0.6f, 0.2f, 0.8f};
        for (int i = 0; i < stream.length; i++) {
            window.record(i % 2, 0, stream[i], i % 3 == 0 ? 1 : 0);
        }
        FinalLabelWindow restored = FinalLabelWindow.fromBytes(window.toBytes(), SPACE, 4);
        assertThat(restored.report()).isEqualTo(window.report());

        for (FinalLabelWindow w : List.of(window, restored)) {
            w.record(0, 0, 0.7f, 1);
            w.record(0, 0, 0.4f, 0);
        }
        assertThat(restored.report())
                .as("the eldest left in the same order")
                .isEqualTo(window.report());
    }

    @Test
    void aRestoreIntoASmallerWindowKeepsTheNewestExamples() {
        FinalLabelWindow window = new FinalLabelWindow(SPACE, 5);
        FinalLabelWindow newestTwo = new FinalLabelWindow(SPACE, 2);
        float[] stream = {0.1f, 0.9f, 0.3f, 0.6f, 0.2f, 0.8f, 0.4f};
        for (int i = 0; i < stream.length; i++) {
            window.record(0, 0, stream[i], i % 2);
            if (i >= stream.length - 2) {
                newestTwo.record(0, 0, stream[i], i % 2);
            }
        }

        FinalLabelWindow smaller = FinalLabelWindow.fromBytes(window.toBytes(), SPACE, 2);

        assertThat(smaller.capacity()).isEqualTo(2);
        assertThat(smaller.report()).isEqualTo(newestTwo.report());
    }

    @Test
    void theCheckpointIsBoundedByTheCapacity() {
        FinalLabelWindow window = new FinalLabelWindow(SPACE, 100);
        for (int i = 0; i < 10_000; i++) {
            window.record(i % 2, 0, 0.5f, i % 3 == 0 ? 1 : 0);
        }
        // Magic, version and cell count, then per cell its size and 5 bytes an example.
        assertThat(window.toBytes()).hasSize(12 + 2 * (4 + 100 * 5));
    }

    @Test
    void rejectsABadExampleWithoutChangingAnything() {
        FinalLabelWindow window = new FinalLabelWindow(SPACE, 2);
        window.record(0, 0, 0.5f, 1);
        CellReport before = feed(window);

        assertThatThrownBy(() -> window.record(0, 0, Float.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> window.record(0, 0, 0.5f, 2))
                .hasMessageContaining("label must be 0 or 1, got 2");
        assertThatThrownBy(() -> window.record(2, 0, 0.5f, 0))
                .hasMessageContaining("no cell (2, 0)");
        assertThat(feed(window)).isEqualTo(before);
    }

    @Test
    void rejectsStateThatIsNotAWindowOfThisSpace() {
        byte[] state = new FinalLabelWindow(SPACE, 2).toBytes();
        ScenarioTaskSpace other = new ScenarioTaskSpace(List.of("feed"), List.of("click"));

        assertThatThrownBy(() -> FinalLabelWindow.fromBytes(state, other, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 cells");
        assertThatThrownBy(() -> FinalLabelWindow.fromBytes(new byte[12], SPACE, 2))
                .hasMessageContaining("not final-label window state");
        assertThatThrownBy(() -> FinalLabelWindow.fromBytes(Arrays.copyOf(state, 14), SPACE, 2))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> new FinalLabelWindow(SPACE, 0))
                .hasMessageContaining("capacity must be in [1, 1048576], got 0");
    }
}
