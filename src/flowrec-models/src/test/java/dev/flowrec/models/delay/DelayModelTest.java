package dev.flowrec.models.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.label.correction.DelayEstimate;
import dev.flowrec.core.label.correction.DelayOutcome;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayModelTest {

    /**
     * Two kinds of impression (embedding row 1 or 2) with different outcome shares; the model's dp
     * and tn approach the true shares: dp = P(delayed), tn = P(never) / (P(delayed) + P(never)).
     */
    @Test
    void learnsTheDelayedShareAndTheTrueNegativeShareOfObservedNegatives() {
        DelayModel model = new DelayModel(1, 4, 1, 0.01f);
        double[][] shares = {{0.1, 0.3, 0.6}, {0.02, 0.08, 0.9}}; // early, delayed, never
        Random random = new Random(7);
        for (int i = 0; i < 60_000; i++) {
            int kind = random.nextInt(2);
            double u = random.nextDouble();
            int outcome =
                    u < shares[kind][0]
                            ? DelayOutcome.EARLY
                            : u < shares[kind][0] + shares[kind][1]
                                    ? DelayOutcome.DELAYED
                                    : DelayOutcome.NEVER;
            model.learn(new int[] {kind + 1}, 0, new int[] {outcome});
        }
        Batch probe =
                new Batch(2, 1, 1, new int[] {1, 2}, new int[] {0, 0}, new float[2], new float[2]);
        DelayEstimate[][] est = model.predict(probe);
        for (int kind = 0; kind < 2; kind++) {
            assertThat(est[kind][0].dp())
                    .as("dp of kind %d", kind)
                    .isCloseTo(shares[kind][1], within(0.03));
            assertThat(est[kind][0].tn())
                    .as("tn of kind %d", kind)
                    .isCloseTo(shares[kind][2] / (shares[kind][1] + shares[kind][2]), within(0.03));
        }
        assertThat(model.examplesLearned()).isEqualTo(60_000);

        DelayModel copy = DelayModel.fromRecord(model.toRecord());
        assertThat(copy.predict(probe)).isDeepEqualTo(est);
        assertThat(copy.examplesLearned()).isEqualTo(60_000);
    }

    @Test
    void anUntrainedModelLeavesTheLossAlmostUnweighted() {
        DelayEstimate start =
                new DelayModel(2, 4, 3, 0.01f)
                        .predict(
                                new Batch(
                                        1,
                                        1,
                                        2,
                                        new int[] {1},
                                        new int[] {2},
                                        new float[2],
                                        new float[2]))[0][1];

        // ES-DFM weights: positives (1 + dp), negatives (1 + dp)·tn; both within 2% of 1.
        assertThat(start.dp()).isLessThan(0.01);
        assertThat(start.tn()).isGreaterThan(0.98);
    }

    @Test
    void absentOutcomesTeachNothing() {
        DelayModel model = new DelayModel(2, 4, 1, 0.5f);
        Batch probe = new Batch(1, 1, 2, new int[] {1}, new int[] {0}, new float[2], new float[2]);
        DelayEstimate before = model.predict(probe)[0][1];
        model.learn(new int[] {1}, 0, new int[] {DelayOutcome.DELAYED, DelayOutcome.ABSENT});
        assertThat(model.predict(probe)[0][1]).isEqualTo(before);
        assertThat(model.predict(probe)[0][0].dp()).isGreaterThan(before.dp());
    }
}
