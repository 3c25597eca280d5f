package dev.flowrec.models;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.ReplicaInference;
import java.util.function.Supplier;

/**
 * A multi-scenario multi-task model: scores a batch (one probability per example and task) and
 * trains on it. Every architecture (Shared-Bottom today; AutoIFS, M3oE, DTRN, MMoE, PLE later)
 * implements this and nothing else, so the trainer, the snapshot publisher and serving never change
 * when a model is added. Not thread-safe: one trainer thread, or one scorer per model copy.
 */
public interface MultiTaskModel {

    ModelSettings settings();

    /**
     * Probabilities, {@code [example][task]}, in the task order of {@link ModelSettings#space()}.
     */
    float[][] predict(Batch batch);

    /** One optimiser step on the batch; returns the mean training loss before the step. */
    double fit(Batch batch);

    /** Trainable parameters, all of them (embedding tables included). */
    long parameterCount();

    /**
     * Whether every parameter is a finite number. One reduction over the parameters: a NaN or an
     * infinity anywhere makes the sum non-finite, and so does a sum beyond float range, which only
     * a diverged model reaches.
     */
    boolean hasFiniteParameters();

    /**
     * Floating-point operations of one example's forward pass, counted as {@link ForwardFlops}
     * does.
     */
    long forwardFlopsPerExample();

    /**
     * The matrix products of one example's forward pass as {@code [in, out]} pairs (those {@link
     * #forwardFlopsPerExample()} counts, as far as the model knows them), for benchmarks that time
     * them at their own shapes. Empty by default.
     */
    default int[][] denseProducts() {
        return new int[0][];
    }

    /**
     * The model as a self-describing artifact ({@link ModelArtifact}). With the optimiser state for
     * checkpoints (training resumes exactly); without it for serving snapshots (smaller).
     */
    byte[] toBytes(boolean withOptimizerState);

    /**
     * What {@code toBytes(true)} returns now, as a supplier that may run later on another thread
     * while this model trains on, so a checkpoint holds the training thread only for a copy. By
     * default the bytes are written now.
     */
    default Supplier<byte[]> checkpointLater() {
        byte[] bytes = toBytes(true);
        return () -> bytes;
    }

    /**
     * The forward pass of the current parameters for serving, which any number of threads may call
     * at once (this model may not be). Later training of this model does not change it. By default
     * a pool of at most one model copy per core; an architecture may serve faster.
     */
    default Inference inference() {
        return new ReplicaInference(this, Runtime.getRuntime().availableProcessors());
    }
}
