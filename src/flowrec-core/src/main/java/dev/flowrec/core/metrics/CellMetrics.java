package dev.flowrec.core.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything the evaluator reports for one scenario x task cell, accumulated in fixed memory:
 * example and positive counts, the sum of predictions, the summed log loss and a {@link BinnedAuc}.
 * The counts live in the AUC histogram only, so they can never disagree with it.
 *
 * <p>Log loss clips probabilities to [{@value #LOG_LOSS_EPSILON}, 1 - {@value #LOG_LOSS_EPSILON}],
 * so one confident mistake costs at most about 16.1 instead of infinity. Calibration is mean
 * prediction over mean label (1 is perfect, above 1 over-predicts). Not thread-safe.
 */
public final class CellMetrics implements OnlineMetric<CellMetrics> {
    /** Probabilities are clipped this far from 0 and 1 before taking logs. */
    public static final double LOG_LOSS_EPSILON = 1e-7;

    private final BinnedAuc auc;
    private double sumPrediction;
    private double sumLogLoss;

    /** An empty cell with the default AUC binning. */
    public CellMetrics() {
        this(new BinnedAuc());
    }

    private CellMetrics(BinnedAuc auc) {
        this.auc = auc;
    }

    @Override
    public void add(double probability, int label) {
        auc.add(probability, label); // checks both arguments before anything changes
        sumPrediction += probability;
        sumLogLoss += logLoss(probability, label);
    }

    /** One example's clipped binary cross-entropy in nats, at most about 16.1. */
    static double logLoss(double probability, int label) {
        double clipped = Math.min(Math.max(probability, LOG_LOSS_EPSILON), 1.0 - LOG_LOSS_EPSILON);
        return label == 1 ? -Math.log(clipped) : -Math.log1p(-clipped);
    }

    @Override
    public void merge(CellMetrics other) {
        auc.merge(other.auc);
        sumPrediction += other.sumPrediction;
        sumLogLoss += other.sumLogLoss;
    }

    @Override
    public CellMetrics copy() {
        CellMetrics copy = new CellMetrics(auc.copy());
        copy.sumPrediction = sumPrediction;
        copy.sumLogLoss = sumLogLoss;
        return copy;
    }

    @Override
    public long count() {
        return auc.count();
    }

    /** Number of positive examples. */
    public long positives() {
        return auc.positives();
    }

    /** ROC AUC, NaN while either class has no example; see {@link BinnedAuc}. */
    public double auc() {
        return auc.auc();
    }

    /** Mean clipped binary cross-entropy in nats; NaN while empty. */
    public double logLoss() {
        long n = count();
        return n == 0 ? Double.NaN : sumLogLoss / n;
    }

    /** Mean predicted probability; NaN while empty. */
    public double meanPrediction() {
        long n = count();
        return n == 0 ? Double.NaN : sumPrediction / n;
    }

    /**
     * Mean prediction divided by mean label, which reduces to the sum of predictions over the
     * number of positives. NaN while there is no positive (the ratio is undefined, not infinite).
     */
    public double calibration() {
        long p = positives();
        return p == 0 ? Double.NaN : sumPrediction / p;
    }

    /** The cell's figures as an immutable value. */
    public CellReport report() {
        return new CellReport(count(), positives(), auc(), logLoss(), calibration());
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeDouble(sumPrediction);
        out.writeDouble(sumLogLoss);
        auc.writeTo(out);
    }

    static CellMetrics readFrom(DataInput in) throws IOException {
        double sumPrediction = in.readDouble();
        double sumLogLoss = in.readDouble();
        CellMetrics cell = new CellMetrics(BinnedAuc.readFrom(in));
        if (!(sumPrediction >= 0.0 && sumPrediction <= cell.count())
                || !(sumLogLoss >= 0.0)
                || Double.isInfinite(sumLogLoss)) {
            throw new IllegalArgumentException(
                    String.format(
                            "corrupt cell state: sum of predictions %s and log loss %s for %d"
                                    + " examples",
                            sumPrediction, sumLogLoss, cell.count()));
        }
        cell.sumPrediction = sumPrediction;
        cell.sumLogLoss = sumLogLoss;
        return cell;
    }
}
