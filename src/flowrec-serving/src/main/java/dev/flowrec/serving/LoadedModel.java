package dev.flowrec.serving;

import dev.flowrec.core.snapshot.LineagePosition;
import dev.flowrec.core.snapshot.PredictionTransform;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.MultiTaskModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One loaded model version: the manifest it came with, when it was loaded, and (package-private)
 * the model itself. {@link Scorer} synchronizes on this object around {@code predict}, because a
 * {@link MultiTaskModel} is not thread-safe; nothing else touches the model.
 */
public final class LoadedModel {

    private final SnapshotManifest manifest;
    private final MultiTaskModel model;
    private final Instant loadedAt;
    private final List<String> tasks;
    private final List<PredictionTransform> transforms;

    LoadedModel(SnapshotManifest manifest, MultiTaskModel model, Instant loadedAt) {
        this.manifest = SnapshotManifest.newBuilder(manifest).build();
        this.model = model;
        this.loadedAt = loadedAt;
        this.tasks = List.copyOf(model.settings().space().tasks());
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

    /** The transform applied to each task's output, in {@link #tasks()} order. */
    public List<PredictionTransform> transforms() {
        return transforms;
    }

    MultiTaskModel model() {
        return model;
    }

    @Override
    public String toString() {
        return "LoadedModel[" + modelId() + " " + position() + ", loaded " + loadedAt + "]";
    }
}
