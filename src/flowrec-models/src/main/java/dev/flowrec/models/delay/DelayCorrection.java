package dev.flowrec.models.delay;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.label.correction.BatchCorrection;
import dev.flowrec.models.training.LossWeighting;

/**
 * The trainer's loss weighting for delayed feedback: each task's correction ({@link
 * BatchCorrection}) from the main model's probabilities and, where the correction needs them, the
 * {@link DelayModel}'s estimates for the same batch.
 */
public final class DelayCorrection implements LossWeighting {
    private final BatchCorrection correction;
    private final DelayModel delays;

    /**
     * @param delays the delay model; null when no task's correction needs one
     */
    public DelayCorrection(BatchCorrection correction, DelayModel delays) {
        if (delays == null && correction.needsDelays()) {
            throw new IllegalArgumentException(
                    "the es-dfm and defer corrections need a delay model");
        }
        this.correction = correction;
        this.delays = delays;
    }

    @Override
    public Batch reweigh(Batch batch, float[][] probs) {
        if (correction.isIdentity()) {
            return batch;
        }
        return correction.reweigh(batch, probs, delays == null ? null : delays.predict(batch));
    }
}
