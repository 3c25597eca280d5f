package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HoldoutEvaluatorTest {

    @Test
    void aucByHandWithTies() {
        // positive 0.8 outranks all 3 negatives; positive 0.4 outranks 2 and ties 1: (3 + 2.5) / 6
        // pairs
        CellReport r =
                HoldoutEvaluator.cell(
                        new float[] {0.8f, 0.4f, 0.4f, 0.2f, 0.1f}, new float[] {1, 1, 0, 0, 0});
        assertThat(r.auc()).isCloseTo(5.5 / 6, within(1e-12));
        assertThat(r.examples()).isEqualTo(5);
        assertThat(r.positives()).isEqualTo(2);
        double expectedLoss =
                -(Math.log(0.8) + Math.log(0.4) + Math.log(0.6) + Math.log(0.8) + Math.log(0.9))
                        / 5;
        assertThat(r.logLoss()).isCloseTo(expectedLoss, within(1e-6));
    }

    @Test
    void oneClassHasNoAuc() {
        assertThat(HoldoutEvaluator.cell(new float[] {0.3f, 0.6f}, new float[] {0, 0}).auc())
                .isNaN();
    }

    @Test
    void agreesWithTheBinnedOnlineAuc() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int n = 20_000;
        float[] score = new float[n];
        float[] label = new float[n];
        BinnedAuc binned = new BinnedAuc();
        for (int i = 0; i < n; i++) {
            label[i] = random.nextDouble() < 0.3 ? 1 : 0;
            score[i] = (float) (1 / (1 + Math.exp(-(label[i] + random.nextGaussian()))));
            binned.add(score[i], (int) label[i]);
        }
        assertThat(HoldoutEvaluator.cell(score, label).auc()).isCloseTo(binned.auc(), within(1e-3));
    }
}
