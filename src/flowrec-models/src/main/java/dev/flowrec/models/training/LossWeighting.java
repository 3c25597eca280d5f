package dev.flowrec.models.training;

import dev.flowrec.core.batch.Batch;

/**
 * Turns a batch into the batch the model trains on, given the model's own probabilities for it
 * taken before the step: the delayed-feedback corrections are per-example, per-task loss weights
 * computed this way (stop-gradient). Called once per step, between scoring and fitting.
 */
@FunctionalInterface
public interface LossWeighting {
    /** Trains on the batch as emitted. */
    LossWeighting NONE = (batch, probs) -> batch;

    Batch reweigh(Batch batch, float[][] probs);
}
