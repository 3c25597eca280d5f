package dev.flowrec.models.inference;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference for any model: a pool of copies, each used by one thread at a time, because a DL4J
 * graph keeps its last activations in its layers and is not thread-safe. Copies are decoded from
 * the serving artifact on first need, so a server that only ever sees one request at a time holds
 * one copy. At most {@code maxCopies} exist (each is the whole model); a request beyond that waits
 * for a free one.
 */
public final class ReplicaInference implements Inference {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaInference.class);

    private final byte[] artifact;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<MultiTaskModel> idle = new ConcurrentLinkedQueue<>();
    private final int maxCopies;

    /**
     * @param model the model whose current parameters are served; it is copied, never used
     * @param maxCopies most copies alive at once, usually the number of cores
     */
    public ReplicaInference(MultiTaskModel model, int maxCopies) {
        if (maxCopies < 1) {
            throw new IllegalArgumentException("maxCopies must be at least 1, got " + maxCopies);
        }
        this.artifact = model.toBytes(false);
        this.maxCopies = maxCopies;
        this.permits = new Semaphore(maxCopies);
        idle.add(MultiTaskModels.fromBytes(artifact));
    }

    /**
     * {@code preferred}, or DL4J copies where it cannot be made because OpenBLAS cannot be called
     * from Java (a CUDA build without its native library).
     */
    public static Inference unlessUnavailable(MultiTaskModel model, Supplier<Inference> preferred) {
        try {
            return preferred.get();
        } catch (LinkageError e) {
            LOG.warn(
                    "OpenBLAS is not available ({}); serving {} through DL4J copies",
                    e.toString(),
                    model.settings().type().value());
            return new ReplicaInference(model, Runtime.getRuntime().availableProcessors());
        }
    }

    @Override
    public float[][] predict(Batch batch) {
        permits.acquireUninterruptibly();
        try {
            MultiTaskModel copy = idle.poll();
            if (copy == null) {
                copy = MultiTaskModels.fromBytes(artifact);
            }
            try {
                return copy.predict(batch);
            } finally {
                idle.add(copy);
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public String engine() {
        return "dl4j, up to " + maxCopies + " model copies";
    }
}
