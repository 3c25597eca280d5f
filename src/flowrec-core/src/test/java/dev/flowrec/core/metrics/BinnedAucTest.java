package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinnedAucTest extends OnlineMetricContractTest<BinnedAuc> {

    @Override
    BinnedAuc newMetric() {
        return new BinnedAuc();
    }

    @Override
    BinnedAuc roundTrip(BinnedAuc metric) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        metric.writeTo(new DataOutputStream(bytes));
        return BinnedAuc.readFrom(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Override
    void assertEquivalent(BinnedAuc actual, BinnedAuc expected) {
        assertThat(actual.bins()).isEqualTo(expected.bins());
        assertThat(actual.maxLogit()).isEqualTo(expected.maxLogit());
        // Arrays.mismatch keeps a failure readable: the first differing bin, not 4096 numbers.
        assertThat(Arrays.mismatch(actual.positiveHistogram(), expected.positiveHistogram()))
                .as("first bin whose positive count differs")
                .isEqualTo(-1);
        assertThat(Arrays.mismatch(actual.negativeHistogram(), expected.negativeHistogram()))
                .as("first bin whose negative count differs")
                .isEqualTo(-1);
        assertThat(actual.positives()).isEqualTo(expected.positives());
        assertThat(actual.negatives()).isEqualTo(expected.negatives());
    }

    /** Scores with logits ~ N(mean, sd) and labels drawn from a noisier view of the same score. */
    private static void assertMatchesExact(long seed, int n, double mean, double sd) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] scores = new double[n];
        int[] labels = new int[n];
        BinnedAuc auc = new BinnedAuc();
        for (int i = 0; i < n; i++) {
            double logit = mean + sd * gaussian(random);
            scores[i] = 1.0 / (1.0 + Math.exp(-logit));
            double truth = 1.0 / (1.0 + Math.exp(-(logit + gaussian(random))));
            labels[i] = random.nextDouble() < truth ? 1 : 0;
            auc.add(scores[i], labels[i]);
        }
        double exact = ExactAuc.of(scores, labels);
        assertThat(exact).isBetween(0.52, 0.95); // informative, not degenerate
        assertThat(auc.auc())
                .as("seed %d mean %s sd %s", seed, mean, sd)
                .isCloseTo(exact, within(2e-3));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()))
                * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    @Test
    void matchesBruteForceOnBalancedScores() {
        assertMatchesExact(1, 4000, 0.0, 2.0);
        assertMatchesExact(2, 4000, -1.0, 0.5);
    }

    @Test
    void matchesBruteForceOnRareEventScores() {
        // Conversion-like: mean probability about 1%, so the positives are a few hundred.
        assertMatchesExact(3, 30000, -4.8, 1.0);
        // Tightly packed small probabilities: 0.5% to 2%, where probability bins would tie them.
        assertMatchesExact(4, 30000, -4.6, 0.3);
    }

    @Test
    void tiesWithinABinCountOneHalf() {
        BinnedAuc auc = new BinnedAuc();
        auc.add(0.9, 1);
        auc.add(0.3, 1);
        auc.add(0.3, 0);
        auc.add(0.1, 0);
        // Pairs (pos, neg): (0.9, 0.3) 1, (0.9, 0.1) 1, (0.3, 0.3) 1/2, (0.3, 0.1) 1.
        assertThat(auc.auc()).isEqualTo(3.5 / 4.0);
        assertThat(auc.auc())
                .isEqualTo(ExactAuc.of(new double[] {0.9, 0.3, 0.3, 0.1}, new int[] {1, 1, 0, 0}));
    }

    @Test
    void constantScoresGiveOneHalfAndOrderedScoresGiveZeroOrOne() {
        BinnedAuc constant = new BinnedAuc();
        BinnedAuc separated = new BinnedAuc();
        BinnedAuc reversed = new BinnedAuc();
        for (int i = 0; i < 100; i++) {
            constant.add(0.2, i % 3 == 0 ? 1 : 0);
            separated.add(i < 30 ? 0.6 : 0.4, i < 30 ? 1 : 0);
            reversed.add(i < 30 ? 0.4 : 0.6, i < 30 ? 1 : 0);
        }
        assertThat(constant.auc()).isEqualTo(0.5);
        assertThat(separated.auc()).isEqualTo(1.0);
        assertThat(reversed.auc()).isEqualTo(0.0);
    }

    @Test
    void resolvesSmallProbabilitiesThatDifferByTwoPercent() {
        // 0.0100 and 0.0102 are 0.02 apart in logit, about 2.6 bins: distinct. Equal-width
        // probability bins of the same count (width 0.00024) would tie them.
        BinnedAuc auc = new BinnedAuc();
        for (int i = 0; i < 50; i++) {
            auc.add(0.0102, 1);
            auc.add(0.0100, 0);
        }
        assertThat(auc.auc()).isEqualTo(1.0);
    }

    @Test
    void handlesExtremeProbabilities() {
        BinnedAuc auc = new BinnedAuc();
        double[] extremes = {
            0.0, Double.MIN_VALUE, 1e-300, 1e-12, 1e-6, 1.0 - 1e-6, 1.0 - 1e-12, 1.0
        };
        int previousBin = -1;
        for (double p : extremes) {
            int bin = auc.bin(p);
            assertThat(bin)
                    .as("bin of %s", p)
                    .isBetween(0, BinnedAuc.DEFAULT_BINS - 1)
                    .isGreaterThanOrEqualTo(previousBin);
            previousBin = bin;
        }
        // Beyond logit +-16 everything clamps to the end bins, so these tie.
        assertThat(auc.bin(0.0)).isEqualTo(0).isEqualTo(auc.bin(1e-12));
        assertThat(auc.bin(1.0))
                .isEqualTo(BinnedAuc.DEFAULT_BINS - 1)
                .isEqualTo(auc.bin(1.0 - 1e-12));
        // Inside the range they stay ordered: logit(1e-6) = -13.8 is far from the bottom bin.
        assertThat(auc.bin(1e-6)).isGreaterThan(auc.bin(1e-12));

        auc.add(1.0, 1);
        auc.add(0.0, 0);
        auc.add(1e-300, 1);
        auc.add(1e-6, 0);
        // (1, 0) 1, (1, 1e-6) 1, (1e-300, 0) tie 1/2, (1e-300, 1e-6) 0.
        assertThat(auc.auc()).isEqualTo(2.5 / 4.0);
    }

    @Test
    void isNaNUntilBothClassesAreSeen() {
        BinnedAuc auc = new BinnedAuc();
        assertThat(auc.auc()).isNaN();
        auc.add(0.7, 1);
        assertThat(auc.auc()).isNaN();
        auc.add(0.2, 0);
        assertThat(auc.auc()).isEqualTo(1.0);
    }

    @Test
    void rejectsMergingDifferentBinnings() {
        BinnedAuc standard = new BinnedAuc();
        assertThatThrownBy(() -> standard.merge(new BinnedAuc(1024, 16.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024 bins")
                .hasMessageContaining("4096 bins");
        assertThatThrownBy(() -> standard.merge(new BinnedAuc(4096, 8.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8.0");
    }

    @Test
    void rejectsInvalidBinning() {
        assertThatThrownBy(() -> new BinnedAuc(1, 16.0))
                .hasMessageContaining("bins")
                .hasMessageContaining("1");
        assertThatThrownBy(() -> new BinnedAuc(4096, 0.0)).hasMessageContaining("maxLogit");
        assertThatThrownBy(() -> new BinnedAuc(4096, Double.POSITIVE_INFINITY))
                .hasMessageContaining("maxLogit");
        assertThatThrownBy(() -> new BinnedAuc(4096, Double.NaN)).hasMessageContaining("maxLogit");
    }

    @Test
    void storesOnlyNonEmptyBins() throws Exception {
        BinnedAuc auc = new BinnedAuc();
        addRandom(auc, new SplittableRandom(9), 100_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        auc.writeTo(new DataOutputStream(bytes));
        // 2 x 4096 longs would be 64 KiB; the logits span [-12, 4], half the bins, few bytes each.
        assertThat(bytes.size()).isLessThan(16 * 1024);
    }
}
