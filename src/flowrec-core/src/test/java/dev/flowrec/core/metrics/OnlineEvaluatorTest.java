package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class OnlineEvaluatorTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed", "search"), List.of("click", "conversion"));

    /** Random predictions in every cell, informative enough that each AUC is above one half. */
    private static void fill(OnlineEvaluator evaluator, long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int scenario = random.nextInt(SPACE.scenarioCount());
            int task = random.nextInt(SPACE.taskCount());
            double p = 1.0 / (1.0 + Math.exp(-random.nextDouble(-6.0, 2.0)));
            evaluator.record(scenario, task, p, random.nextDouble() < p ? 1 : 0);
        }
    }

    @Test
    void reportsEveryCellByKeyInScenarioMajorOrder() {
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);
        evaluator.record(1, 0, 0.9, 1);
        evaluator.record(1, 0, 0.2, 0);
        evaluator.record(0, 1, 0.05, 0);

        EvaluationReport report = evaluator.report();

        assertThat(report.cells().keySet())
                .containsExactly(
                        "feed/click", "feed/conversion", "search/click", "search/conversion");
        assertThat(report.cell("search/click"))
                .satisfies(
                        c -> {
                            assertThat(c.examples()).isEqualTo(2);
                            assertThat(c.positives()).isEqualTo(1);
                            assertThat(c.auc()).isEqualTo(1.0);
                            assertThat(c.calibration()).isCloseTo(1.1, within(1e-12));
                        });
        assertThat(report.cell("feed/conversion").auc()).isNaN();
        assertThat(report.cell("feed/click").examples()).isZero();
        assertThat(report.examples()).isEqualTo(3);
        assertThat(evaluator.examples()).isEqualTo(3);
        assertThatThrownBy(() -> report.cell("feed/like"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feed/like")
                .hasMessageContaining("search/conversion");
    }

    @Test
    void meanAucAveragesOnlyCellsWithBothClasses() {
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);
        assertThat(evaluator.report().meanAuc()).isNaN();
        evaluator.record(0, 0, 0.9, 1);
        evaluator.record(0, 0, 0.1, 0); // AUC 1
        evaluator.record(1, 1, 0.1, 1);
        evaluator.record(1, 1, 0.9, 0); // AUC 0
        evaluator.record(0, 1, 0.3, 1); // positives only: excluded
        assertThat(evaluator.report().meanAuc()).isEqualTo(0.5);
    }

    @Test
    void recordsOnlyLabelledBatchEntriesAndIgnoresTheirWeights() {
        // Three examples x two tasks; weight 0 means "no label", 0.3 and 2.5 are loss corrections.
        float[] labels = {1, 0, 0, 1, 1, 0.5f};
        float[] weights = {1, 0, 0.3f, 2.5f, 1, 0};
        Batch batch = new Batch(3, 1, 2, new int[3], new int[] {0, 1, 1}, labels, weights);
        float[][] probs = {{0.8f, 0.4f}, {0.1f, 0.6f}, {0.7f, 0.9f}};
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);

        evaluator.record(batch, probs);

        EvaluationReport report = evaluator.report();
        assertThat(report.cell("feed/click").examples()).isEqualTo(1);
        assertThat(report.cell("feed/conversion").examples()).isZero(); // weight 0
        assertThat(report.cell("search/click").examples()).isEqualTo(2); // weight 0.3 counts once
        assertThat(report.cell("search/click").auc()).isEqualTo(1.0);
        assertThat(report.cell("search/conversion").examples())
                .isEqualTo(1); // 0.5 label unweighted
        assertThat(report.cell("search/conversion").logLoss())
                .isCloseTo(-Math.log(0.6f), within(1e-6));
    }

    @Test
    void rejectsBatchesThatDoNotFit() {
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);
        Batch oneTask =
                new Batch(1, 1, 1, new int[1], new int[1], new float[] {1}, new float[] {1});
        assertThatThrownBy(() -> evaluator.record(oneTask, new float[][] {{0.5f}}))
                .hasMessageContaining("batch has 1 tasks, the evaluator 2");

        Batch batch =
                new Batch(
                        2,
                        1,
                        2,
                        new int[2],
                        new int[] {0, 2},
                        new float[4],
                        new float[] {1, 1, 1, 1});
        assertThatThrownBy(() -> evaluator.record(batch, new float[][] {{0.5f, 0.5f}}))
                .hasMessageContaining("probs has 1 rows for a batch of 2");
        assertThatThrownBy(() -> evaluator.record(batch, new float[][] {{0.5f, 0.5f}, {0.5f}}))
                .hasMessageContaining("probs[1] has 1 entries");
        assertThatThrownBy(
                        () -> evaluator.record(batch, new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}}))
                .hasMessageContaining("scenario index must be in [0, 2), got 2");

        Batch fractional =
                new Batch(
                        1, 1, 2, new int[1], new int[1], new float[] {0.5f, 0}, new float[] {1, 1});
        assertThatThrownBy(() -> evaluator.record(fractional, new float[][] {{0.5f, 0.5f}}))
                .hasMessageContaining("label of example 0 task 0 must be 0 or 1, got 0.5");
    }

    @Test
    void rejectsIndicesOutsideTheSpace() {
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);
        assertThatThrownBy(() -> evaluator.record(-1, 0, 0.5, 1))
                .hasMessageContaining("scenario index must be in [0, 2), got -1");
        assertThatThrownBy(() -> evaluator.record(0, 2, 0.5, 1))
                .hasMessageContaining("task index must be in [0, 2), got 2");
    }

    @Test
    void stateRoundTripsThroughBytesAndKeepsAccumulating() {
        OnlineEvaluator original = new OnlineEvaluator(SPACE);
        fill(original, 42, 200_000);

        byte[] state = original.toBytes();
        OnlineEvaluator restored = OnlineEvaluator.fromBytes(state);

        assertThat(restored.space()).isEqualTo(SPACE);
        assertThat(restored.report()).isEqualTo(original.report());
        assertThat(restored.toBytes()).isEqualTo(state);
        // Fixed memory, small checkpoints: a few KiB per cell however long the stream.
        assertThat(state.length).isLessThan(4 * 12 * 1024);

        fill(original, 43, 1000);
        fill(restored, 43, 1000);
        assertThat(restored.report()).isEqualTo(original.report());
    }

    @Test
    void emptyStateRoundTrips() {
        OnlineEvaluator restored = OnlineEvaluator.fromBytes(new OnlineEvaluator(SPACE).toBytes());
        assertThat(restored.examples()).isZero();
        assertThat(restored.report().cells()).hasSize(4);
    }

    @Test
    void rejectsForeignNewerCorruptAndTruncatedState() {
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);
        fill(evaluator, 1, 500);
        byte[] state = evaluator.toBytes();

        byte[] foreign = state.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> OnlineEvaluator.fromBytes(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not evaluator state")
                .hasMessageContaining("0x46524D45");

        byte[] newer = withChecksum(ByteBuffer.wrap(state.clone()).putInt(4, 2).array());
        assertThatThrownBy(() -> OnlineEvaluator.fromBytes(newer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("versions 1 to 1");

        byte[] flipped = state.clone();
        flipped[state.length / 2] ^= 0x10;
        assertThatThrownBy(() -> OnlineEvaluator.fromBytes(flipped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CRC-32");

        byte[] truncated = withChecksum(Arrays.copyOf(state, state.length - 40));
        assertThatThrownBy(() -> OnlineEvaluator.fromBytes(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");

        assertThatThrownBy(() -> OnlineEvaluator.fromBytes(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    /** Rewrites the trailing CRC so only the deliberate change is wrong. */
    private static byte[] withChecksum(byte[] state) {
        CRC32 crc = new CRC32();
        crc.update(state, 0, state.length - 4);
        return ByteBuffer.wrap(state).putInt(state.length - 4, (int) crc.getValue()).array();
    }

    @Test
    void mergeEqualsRecordingEverythingInOne() {
        OnlineEvaluator whole = new OnlineEvaluator(SPACE);
        fill(whole, 7, 5000);
        fill(whole, 8, 5000);
        OnlineEvaluator first = new OnlineEvaluator(SPACE);
        OnlineEvaluator second = new OnlineEvaluator(SPACE);
        fill(first, 7, 5000);
        fill(second, 8, 5000);

        OnlineEvaluator copy = first.copy();
        first.merge(second);

        assertThat(copy.examples()).isEqualTo(5000);
        EvaluationReport merged = first.report();
        EvaluationReport expected = whole.report();
        for (String key : SPACE.cellKeys()) {
            assertThat(merged.cell(key).examples()).isEqualTo(expected.cell(key).examples());
            assertThat(merged.cell(key).auc()).isEqualTo(expected.cell(key).auc());
            assertThat(merged.cell(key).logLoss())
                    .isCloseTo(expected.cell(key).logLoss(), within(1e-12));
        }
        assertThat(merged.meanAuc()).isGreaterThan(0.6);
    }

    @Test
    void rejectsMergingADifferentSpace() {
        OnlineEvaluator evaluator = new OnlineEvaluator(SPACE);
        OnlineEvaluator other =
                new OnlineEvaluator(new ScenarioTaskSpace(List.of("feed"), List.of("click")));
        assertThatThrownBy(() -> evaluator.merge(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[feed]")
                .hasMessageContaining("[feed, search]");
    }
}
