package dev.flowrec.core.metrics;

/** Brute-force AUC over every positive-negative pair, ties counting one half: the reference. */
final class ExactAuc {
    private ExactAuc() {}

    static double of(double[] scores, int[] labels) {
        double won = 0.0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] != 0) {
                    continue;
                }
                pairs++;
                if (scores[i] > scores[j]) {
                    won += 1.0;
                } else if (scores[i] == scores[j]) {
                    won += 0.5;
                }
            }
        }
        return pairs == 0 ? Double.NaN : won / pairs;
    }
}
