package dev.flowrec.core.metrics;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact offline evaluation of a held-out split (the paper protocol of benchmark B1): keeps every
 * prediction of the split and computes each cell's AUC by ranking (ties share their mean rank) and
 * its logloss, as the reference code does. Unlike {@link OnlineEvaluator} its memory grows with the
 * split, so it is for finite evaluation sets only.
 */
public final class HoldoutEvaluator {
    private final ScenarioTaskSpace space;
    private final FloatList[] scores;
    private final FloatList[] labels;

    public HoldoutEvaluator(ScenarioTaskSpace space) {
        this.space = space;
        int cells = space.scenarioCount() * space.taskCount();
        scores = new FloatList[cells];
        labels = new FloatList[cells];
        for (int c = 0; c < cells; c++) {
            scores[c] = new FloatList();
            labels[c] = new FloatList();
        }
    }

    /**
     * Records the predictions of a batch ({@code probs[example][task]}) for every labelled task.
     */
    public void record(Batch batch, float[][] probs) {
        for (int i = 0; i < batch.size(); i++) {
            for (int t = 0; t < batch.tasks(); t++) {
                if (batch.weight(i, t) > 0) {
                    int cell = batch.scenarios()[i] * space.taskCount() + t;
                    scores[cell].add(probs[i][t]);
                    labels[cell].add(batch.label(i, t));
                }
            }
        }
    }

    /**
     * Per cell key: examples, positives, exact AUC, logloss (calibration as mean prediction / mean
     * label).
     */
    public EvaluationReport report() {
        Map<String, CellReport> cells = new TreeMap<>();
        for (int s = 0; s < space.scenarioCount(); s++) {
            for (int t = 0; t < space.taskCount(); t++) {
                int c = s * space.taskCount() + t;
                cells.put(space.cellKey(s, t), cell(scores[c].toArray(), labels[c].toArray()));
            }
        }
        return new EvaluationReport(cells);
    }

    static CellReport cell(float[] score, float[] label) {
        int n = score.length;
        long positives = 0;
        double loss = 0;
        double sumScore = 0;
        for (int i = 0; i < n; i++) {
            boolean pos = label[i] > 0.5f;
            positives += pos ? 1 : 0;
            double p =
                    Math.min(
                            Math.max(score[i], CellMetrics.LOG_LOSS_EPSILON),
                            1 - CellMetrics.LOG_LOSS_EPSILON);
            loss -= pos ? Math.log(p) : Math.log(1 - p);
            sumScore += score[i];
        }
        double auc =
                positives == 0 || positives == n ? Double.NaN : rankAuc(score, label, positives);
        return new CellReport(
                n,
                positives,
                auc,
                n == 0 ? Double.NaN : loss / n,
                positives == 0 ? Double.NaN : (sumScore / n) / ((double) positives / n));
    }

    /** Mann-Whitney U over average ranks: exact AUC with ties counted as one half. */
    private static double rankAuc(float[] score, float[] label, long positives) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(score[a], score[b]));
        double rankSumPositives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double meanRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (label[order[k]] > 0.5f) {
                    rankSumPositives += meanRank;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        return (rankSumPositives - positives * (positives + 1) / 2.0)
                / ((double) positives * negatives);
    }

    /** A growable float array without boxing. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
