package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalLabelEvaluatorTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed"), List.of("click", "conversion"));

    /**
     * Two examples, conversion labelled only on the first: {@code [a, b]} in announcement order.
     */
    private static Batch batch(float conversionLabel) {
        return new Batch(
                2,
                1,
                2,
                new int[] {0, 1},
                new int[] {0, 0},
                new float[] {0, conversionLabel, 0, 0},
                new float[] {1, 1, 1, 0});
    }

    @Test
    void joinsEachImpressionsFirstPredictionWithItsFinalLabelInEitherOrder() {
        FinalLabelEvaluator view = new FinalLabelEvaluator(SPACE);
        view.expect("a");
        view.expect("b");
        view.resolve(
                "b", 0, new int[] {1, -1}); // b's final click label comes before its prediction
        view.record(batch(0), new float[][] {{0.2f, 0.1f}, {0.9f, 0.5f}});
        assertThat(view.report().cell("feed/click").examples()).isEqualTo(1);
        assertThat(view.report().cell("feed/click").positives()).isEqualTo(1);

        // a is emitted again (a delayed positive): its first prediction stands
        view.expect("a");
        view.expect("e");
        view.record(batch(1), new float[][] {{0.7f, 0.8f}, {0.0f, 0.0f}});
        view.resolve("a", 0, new int[] {0, 1});
        CellReport conversion = view.report().cell("feed/conversion");
        assertThat(conversion.examples()).isEqualTo(1);
        assertThat(conversion.positives())
                .as("the final label, not the fake negative first trained on")
                .isEqualTo(1);
        assertThat(conversion.calibration())
                .as("first prediction 0.1 over label 1")
                .isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(view.report().cell("feed/click").examples()).isEqualTo(2);
        assertThat(view.pendingImpressions()).as("b and e wait for final labels").isEqualTo(2);
    }

    @Test
    void survivesARoundTripWithPendingImpressionsAndAnnouncements() {
        FinalLabelEvaluator view = new FinalLabelEvaluator(SPACE);
        view.expect("a");
        view.expect("b");
        view.record(batch(0), new float[][] {{0.2f, 0.1f}, {0.9f, 0.5f}});
        view.expect("c");
        FinalLabelEvaluator copy = FinalLabelEvaluator.fromBytes(view.toBytes());
        for (FinalLabelEvaluator v : List.of(view, copy)) {
            v.resolve("a", 0, new int[] {1, 0});
            v.expect("d");
            v.record(batch(1), new float[][] {{0.6f, 0.3f}, {0.4f, 0.5f}});
            v.resolve("c", 0, new int[] {0, 1});
        }
        assertThat(copy.report()).isEqualTo(view.report());
        assertThat(copy.windowReport()).isEqualTo(view.windowReport());
        assertThat(copy.pendingImpressions()).isEqualTo(view.pendingImpressions()).isEqualTo(2);
    }

    @Test
    void theWindowHoldsTheNewestJoinedPredictionsAndTheCumulativeViewAllOfThem() {
        FinalLabelEvaluator view = new FinalLabelEvaluator(SPACE, new FinalLabelLimits(100, 2));
        float[] clicks = {0.25f, 0.5f, 0.75f};
        for (int i = 0; i < clicks.length; i++) {
            view.expect("i" + i);
            view.expect("j" + i);
            view.record(batch(0), new float[][] {{clicks[i], 0.1f}, {0.5f, 0.5f}});
            view.resolve("i" + i, 0, new int[] {i % 2, -1});
        }

        assertThat(view.report().cell("feed/click").examples()).isEqualTo(3);
        CellReport window = view.windowReport().cell("feed/click");
        assertThat(window.examples()).isEqualTo(2);
        assertThat(window.positives()).as("0.5 was clicked, 0.75 was not").isEqualTo(1);
        assertThat(window.auc()).as("the clicked one scored below the other").isEqualTo(0.0);
        assertThat(window.calibration()).isEqualTo(1.25);

        FinalLabelEvaluator wider =
                FinalLabelEvaluator.fromBytes(view.toBytes(), new FinalLabelLimits(100, 5));
        assertThat(wider.windowReport()).isEqualTo(view.windowReport());
    }

    @Test
    void stateCutBeforeItsWindowIsRefusedAsTruncated() {
        FinalLabelEvaluator view = new FinalLabelEvaluator(SPACE);
        view.expect("a");
        view.expect("b");
        view.record(batch(0), new float[][] {{0.2f, 0.1f}, {0.9f, 0.5f}});
        view.resolve("a", 0, new int[] {1, 0});
        FinalLabelWindow sameWindow = new FinalLabelWindow(SPACE, 10);
        sameWindow.record(0, 0, 0.2f, 1);
        sameWindow.record(0, 1, 0.1f, 0);
        byte[] state = view.toBytes();
        // The window is the last section, after its length.
        int windowSection = Integer.BYTES + sameWindow.toBytes().length;
        byte[] windowless = Arrays.copyOf(state, state.length - windowSection);

        assertThatThrownBy(() -> FinalLabelEvaluator.fromBytes(windowless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThat(FinalLabelEvaluator.fromBytes(state).windowReport().examples()).isEqualTo(2);
    }

    @Test
    void floodOfImpressionsWithoutFinalLabelsStaysWithinTheBoundAndCountsTheOverflow() {
        int bound = 100;
        FinalLabelEvaluator view = new FinalLabelEvaluator(SPACE, new FinalLabelLimits(bound, 10));
        int flood = 10_000;
        for (int i = 0; i < flood; i++) {
            view.expect("p" + i);
            view.expect("q" + i);
            view.record(batch(0), new float[][] {{0.2f, 0.1f}, {0.9f, 0.5f}});
            assertThat(view.pendingImpressions()).isLessThanOrEqualTo(bound);
        }
        assertThat(view.overflowCount()).isEqualTo(2L * flood - bound);

        // The newest impressions stayed: their final labels still count.
        view.resolve("q" + (flood - 1), 0, new int[] {1, 0});
        assertThat(view.report().cell("feed/click").examples()).isEqualTo(1);
        FinalLabelEvaluator restored =
                FinalLabelEvaluator.fromBytes(view.toBytes(), new FinalLabelLimits(bound / 2, 10));
        assertThat(restored.pendingImpressions()).isEqualTo(bound / 2);
        assertThat(restored.overflowCount()).isEqualTo(bound - bound / 2);
        restored.resolve("p" + (flood - 1), 0, new int[] {0, 0});
        assertThat(restored.report().cell("feed/click").examples())
                .as("the newest kept their order through the restore")
                .isEqualTo(2);
    }
}
