package dev.flowrec.serving;

import dev.flowrec.core.snapshot.LineagePosition;
import dev.flowrec.core.snapshot.PredictionTransform;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.inference.Inference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One loaded model version: the manifest it came with, when it was loaded, and (package-private)
 * the model and its {@link Inference}, which {@link Scorer} calls from any number of threads; the
 * model itself is not thread-safe and nothing scores with it directly.
 */
public final class LoadedModel {

    private final SnapshotManifest manifest;
    private final MultiTaskModel model;
    private final Instant loadedAt;
    private final List<String> tasks;
    private final List<String> scenarios;
    private final List<PredictionTransform> transforms;
    private final Inference inference;
    private final long manifestArrivedNanos;
    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * @param manifestArrivedNanos {@link System#nanoTime()} when its manifest arrived, to time the
     *     swap to its first answer; 0 when the swap is not timed (loaded from the cache, during
     *     catch-up, or while a pin held it back)
     */
    LoadedModel(
            SnapshotManifest manifest,
            MultiTaskModel model,
            Inference inference,
            Instant loadedAt,
            long manifestArrivedNanos) {
        this.manifest = SnapshotManifest.newBuilder(manifest).build();
        this.model = model;
        this.inference = inference;
        this.loadedAt = loadedAt;
        this.manifestArrivedNanos = manifestArrivedNanos;
        this.tasks = List.copyOf(model.settings().space().tasks());
        this.scenarios = List.copyOf(model.settings().space().scenarios());
        Map<String, String> byTask = manifest.getPredictionTransforms();
        List<PredictionTransform> out = new ArrayList<>(tasks.size());
        for (String task : tasks) {
            String name = byTask.get(task);
            out.add(name == null ? PredictionTransform.IDENTITY : PredictionTransform.parse(name));
        }
        this.transforms = List.copyOf(out);
    }

    /** The snapshot version, counted within its lineage. */
    public long version() {
        return manifest.getVersion();
    }

    /** The lineage: the trainer run that published it. */
    public String lineageId() {
        return manifest.getLineageId();
    }

    /** Its lineage and version, which order it among the model's snapshots. */
    public LineagePosition position() {
        return LineagePosition.of(manifest);
    }

    /** The model id. */
    public String modelId() {
        return manifest.getModelId();
    }

    /** A copy of the manifest (metrics at publish time, provenance, watermark, ...). */
    public SnapshotManifest manifest() {
        return SnapshotManifest.newBuilder(manifest).build();
    }

    /** When this process finished loading it. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** When the trainer published it (the manifest's {@code created_at}). */
    public Instant createdAt() {
        return Instant.ofEpochMilli(manifest.getCreatedAt());
    }

    /** The tasks it scores, in model order. */
    public List<String> tasks() {
        return tasks;
    }

    /** The scenarios it scores; without copying the manifest, as every request asks. */
    public List<String> scenarios() {
        return scenarios;
    }

    /** The transform applied to each task's output, in {@link #tasks()} order. */
    public List<PredictionTransform> transforms() {
        return transforms;
    }

    MultiTaskModel model() {
        return model;
    }

    Inference inference() {
        return inference;
    }

    /** How it scores ({@link Inference#engine()}), for logs and reports. */
    public String inferenceEngine() {
        return inference.engine();
    }

    /**
     * Nanoseconds from its manifest's arrival to now, for exactly one caller: the first to answer
     * with this version. -1 for every other caller, and when the swap is not timed.
     */
    long swapNanosIfFirstAnswer() {
        if (manifestArrivedNanos == 0 || answered.get() || !answered.compareAndSet(false, true)) {
            return -1;
        }
        return System.nanoTime() - manifestArrivedNanos;
    }

    @Override
    public String toString() {
        return "LoadedModel[" + modelId() + " " + position() + ", loaded " + loadedAt + "]";
    }
}
