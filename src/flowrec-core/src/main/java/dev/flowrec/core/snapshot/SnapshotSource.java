package dev.flowrec.core.snapshot;

import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotManifest;

/**
 * The trainer's model as {@link SnapshotPublisher} sees it. Only {@link #examplesTrained} is read
 * on every call; the rest only when a snapshot is due, since evaluating and serialising a model
 * costs far more than training one example.
 */
public interface SnapshotSource {

    /** Examples the model has been trained on, over its whole life (restores included). */
    long examplesTrained();

    /** The online (as-trained) evaluation, which the manifest's metrics carry. */
    EvaluationReport onlineReport();

    /**
     * The final-label window: per cell, the figures of the most recent predictions whose final
     * label is known, which the quality gate judges.
     */
    EvaluationReport windowReport();

    /**
     * The manifest's descriptive fields: model identity and type, artifact format, feature-spec
     * hash, scenarios and tasks, prediction transforms, metrics and provenance. The publisher sets
     * version, parent version, creation time, watermark and examples trained.
     *
     * @param online what {@link #onlineReport} returned for this snapshot
     * @param window what {@link #windowReport} returned for this snapshot, as the gate judged it
     */
    SnapshotManifest.Builder describe(EvaluationReport online, EvaluationReport window);

    /** The serialised model, without the optimiser state serving does not need. */
    byte[] artifact();
}
