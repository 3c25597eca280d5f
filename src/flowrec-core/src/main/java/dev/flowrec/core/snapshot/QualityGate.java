package dev.flowrec.core.snapshot;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.SnapshotOptions;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.util.Locale;

/**
 * Whether a model version may ship, judged on its online (as-trained) evaluation: the unweighted
 * mean AUC over the cells that have an AUC must be at least {@code minMeanAuc}; 0 disables the gate
 * and every version ships.
 *
 * <p>An enabled gate ships only what it has evidence for:
 *
 * <ul>
 *   <li>A cell that has not yet seen both classes has no AUC yet; it is left out of the mean, so a
 *       rare task's cell does not block the others.
 *   <li>When no cell has an AUC yet, the version is held back: there is nothing to judge it on. The
 *       schedule tries again after the next interval, by which time the cells have usually seen
 *       both classes.
 *   <li>A NaN AUC in a cell that has seen both classes (the scores themselves were NaN) never
 *       passes, whatever the threshold: NaN compares false, and a model that scores NaN must not
 *       reach serving.
 * </ul>
 */
public record QualityGate(double minMeanAuc) {

    /** The gate that lets every version through. */
    public static final QualityGate DISABLED = new QualityGate(0.0);

    public QualityGate {
        if (!(minMeanAuc >= 0.0 && minMeanAuc <= 1.0)) {
            throw new IllegalArgumentException("minMeanAuc must be in [0, 1], got " + minMeanAuc);
        }
    }

    /** The gate of {@code snapshots.min-mean-auc}. */
    public static QualityGate from(FlowRecConfig config) {
        return new QualityGate(config.get(SnapshotOptions.MIN_MEAN_AUC));
    }

    public boolean isEnabled() {
        return minMeanAuc > 0.0;
    }

    /**
     * Why a version with this online evaluation must be held back.
     *
     * @return null when it may ship
     */
    public String reasonToHoldBack(EvaluationReport online) {
        if (!isEnabled()) {
            return null;
        }
        double sum = 0;
        int measured = 0;
        for (var cell : online.cells().entrySet()) {
            CellReport r = cell.getValue();
            if (!r.hasBothClasses()) {
                continue;
            }
            if (Double.isNaN(r.auc())) {
                return String.format(
                        Locale.ROOT,
                        "online AUC of cell %s is NaN after %d examples",
                        cell.getKey(),
                        r.examples());
            }
            sum += r.auc();
            measured++;
        }
        if (measured == 0) {
            return String.format(
                    Locale.ROOT,
                    "no cell has seen both classes yet, so there is no online AUC to hold against"
                            + " %s",
                    minMeanAuc);
        }
        double mean = sum / measured;
        return mean >= minMeanAuc
                ? null
                : String.format(
                        Locale.ROOT,
                        "mean online AUC %.4f over %d cells is below %s",
                        mean,
                        measured,
                        minMeanAuc);
    }
}
