package dev.flowrec.models.training;

import dev.flowrec.core.batch.Batch;

/**
 * Receives each batch's prequential scores: {@code probs[i][t]} is the model's probability for
 * example {@code i} and task {@code t}, computed <em>before</em> the model trained on that batch,
 * so it is an honest out-of-sample score (the basis of streaming AUC and logloss). Called on the
 * trainer's thread; the arrays are not reused by the trainer and may be kept. A listener that
 * throws aborts the step: the batch stays buffered and is scored again by the next step.
 */
@FunctionalInterface
public interface PredictionListener {
    /** A listener that ignores every batch. */
    PredictionListener NONE = (batch, probs) -> {};

    void onPredictions(Batch batch, float[][] probs);
}
