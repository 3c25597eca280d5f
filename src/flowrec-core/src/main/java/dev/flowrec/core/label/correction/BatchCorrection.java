package dev.flowrec.core.label.correction;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.label.LabelPolicies;

/**
 * Applies each task's correction to a batch: every labelled entry's weight is multiplied by its
 * {@link CorrectionWeights} from the model's probabilities for this very batch, computed before the
 * step. The weights are plain numbers, so no gradient flows through them (stop-gradient). Entries
 * without a label (weight 0) stay at 0.
 */
public final class BatchCorrection {
    private final LossCorrection[] corrections;

    public BatchCorrection(LabelPolicies policies) {
        this.corrections = policies.corrections().clone();
    }

    /** True when every task trains with weight 1, so batches pass through untouched. */
    public boolean isIdentity() {
        for (LossCorrection c : corrections) {
            if (c != LossCorrection.NONE && c != LossCorrection.FNC) {
                return false;
            }
        }
        return true;
    }

    /** True when some task's correction reads the delay model's estimates. */
    public boolean needsDelays() {
        for (LossCorrection c : corrections) {
            if (c.needsDelayModel()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param probs the model's probabilities, {@code [example][task]}
     * @param delays the delay model's estimates, {@code [example][task]}; null when no task needs
     *     them
     */
    public Batch reweigh(Batch batch, float[][] probs, DelayEstimate[][] delays) {
        if (corrections.length != batch.tasks()) {
            throw new IllegalArgumentException(
                    "corrections for " + corrections.length + " tasks, batch has " + batch.tasks());
        }
        float[] weights = batch.weights().clone();
        for (int i = 0; i < batch.size(); i++) {
            for (int t = 0; t < batch.tasks(); t++) {
                int k = i * batch.tasks() + t;
                if (weights[k] > 0) {
                    DelayEstimate d = delays == null ? DelayEstimate.NONE : delays[i][t];
                    weights[k] *=
                            (float)
                                    CorrectionWeights.weight(
                                            corrections[t],
                                            batch.label(i, t) > 0.5f,
                                            probs[i][t],
                                            d);
                }
            }
        }
        return batch.withWeights(weights);
    }
}
