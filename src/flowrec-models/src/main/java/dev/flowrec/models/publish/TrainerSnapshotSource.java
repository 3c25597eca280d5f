package dev.flowrec.models.publish;

import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.snapshot.SnapshotSource;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.delay.DelayedFeedbackTrainer;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link DelayedFeedbackTrainer}'s model as the snapshot publisher sees it: the as-trained view
 * is the online evaluation the manifest's metrics carry; the final-label window is what the quality
 * gate judges; both final-label views (cumulative and window) and the model's own report go into
 * the provenance.
 */
public final class TrainerSnapshotSource implements SnapshotSource {

    /**
     * Provenance key of the {@link ExampleChecksum} of the examples accepted for training, which
     * the manifest's examples_trained counts once the last batch is trained.
     */
    public static final String EXAMPLE_CHECKSUM = "trained_example_checksum";

    private final DelayedFeedbackTrainer learner;
    private final FlowRecConfig config;

    public TrainerSnapshotSource(DelayedFeedbackTrainer learner, FlowRecConfig config) {
        this.learner = learner;
        this.config = config;
    }

    @Override
    public long examplesTrained() {
        return learner.trainer().examplesTrained();
    }

    @Override
    public EvaluationReport onlineReport() {
        return learner.asTrainedReport();
    }

    @Override
    public EvaluationReport windowReport() {
        return learner.finalWindowReport();
    }

    @Override
    public SnapshotManifest.Builder describe(EvaluationReport online, EvaluationReport window) {
        MultiTaskModel model = learner.trainer().model();
        Map<String, String> extra = new HashMap<>(SnapshotManifests.modelReport(model));
        extra.putAll(
                SnapshotManifests.toProvenance(
                        SnapshotManifests.FINAL_LABELS, learner.finalReport()));
        extra.putAll(SnapshotManifests.toProvenance(SnapshotManifests.GATE_WINDOW, window));
        extra.put(EXAMPLE_CHECKSUM, ExampleChecksum.format(learner.exampleChecksum()));
        // The model's own settings, not the job's: after a restore they describe what is shipped.
        return SnapshotManifests.describe(
                config, model.settings(), model.parameterCount(), online, extra);
    }

    @Override
    public byte[] artifact() {
        return learner.trainer().model().toBytes(false);
    }
}
