package dev.flowrec.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** ROC AUC by ranks (Mann-Whitney U), ties averaged; a test-side reference, unbounded memory. */
public final class RankAuc {
    private final List<float[]> scored = new ArrayList<>();

    public void add(float score, boolean positive) {
        scored.add(new float[] {score, positive ? 1 : 0});
    }

    public int count() {
        return scored.size();
    }

    public double auc() {
        List<float[]> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingDouble(s -> s[0]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (sorted.get(k)[1] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = sorted.size() - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalStateException(
                    "AUC needs both classes, got "
                            + positives
                            + " positives and "
                            + negatives
                            + " negatives");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0)
                / ((double) positives * negatives);
    }
}
