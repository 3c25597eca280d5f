package dev.flowrec.core.metrics;

/**
 * One scenario x task cell's figures at one moment.
 *
 * @param examples examples recorded
 * @param positives of which positive
 * @param auc ROC AUC; NaN unless both classes were seen
 * @param logLoss mean clipped binary cross-entropy in nats; NaN when there is no example
 * @param calibration mean prediction / mean label; NaN when there is no positive
 */
public record CellReport(
        long examples, long positives, double auc, double logLoss, double calibration) {

    /** Positive share of the examples; NaN when there is no example. */
    public double positiveRate() {
        return examples == 0 ? Double.NaN : (double) positives / examples;
    }

    /** Whether both classes were seen, so {@link #auc()} is defined. */
    public boolean hasBothClasses() {
        return positives > 0 && positives < examples;
    }
}
