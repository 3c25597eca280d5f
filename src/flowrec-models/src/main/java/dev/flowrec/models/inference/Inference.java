package dev.flowrec.models.inference;

import dev.flowrec.core.batch.Batch;

/**
 * A model's forward pass for serving: probabilities from parameters frozen when it was made, safe
 * to call from any number of threads at once, so concurrent requests scale with cores instead of
 * queueing behind one model. Made once per served version by {@code MultiTaskModel#inference()},
 * off the request path.
 */
public interface Inference {

    /**
     * Probabilities, {@code [example][task]}, in the model's task order, as {@code
     * MultiTaskModel#predict} returns them for the same parameters (within float rounding).
     *
     * @throws IllegalArgumentException when the batch does not fit the model (fields, scenarios,
     *     feature rows outside the embedding table)
     */
    float[][] predict(Batch batch);

    /** How this inference computes, for logs and benchmark reports. */
    String engine();

    /**
     * The matrix products of one forward pass as {@code [in, out]} pairs, each applied to every
     * example of a batch: the shapes whose BLAS rate sets the dense-math limit. Empty when the
     * engine does not know them.
     */
    default int[][] denseProducts() {
        return new int[0][];
    }
}
