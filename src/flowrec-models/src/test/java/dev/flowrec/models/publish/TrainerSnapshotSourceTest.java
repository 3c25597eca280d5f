package dev.flowrec.models.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.delay.DelayedFeedbackTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The publisher sees the trainer's as-trained view and final-label window, and the manifest also
 * carries both final-label views and the gate's bounds.
 */
class TrainerSnapshotSourceTest {
    private static final FlowRecConfig CONFIG =
            FlowRecConfig.of(
                    Map.of(
                            "model.id",
                            "ctr",
                            "model.hash-buckets",
                            "64",
                            "model.hidden-sizes",
                            "8",
                            "model.tower-sizes",
                            "",
                            "labels.scenarios",
                            "feed",
                            "snapshots.gate.min-auc",
                            "0.6"));

    @Test
    void describesTheModelWithBothEvaluationViews() {
        ModelSettings settings = ModelSettings.from(CONFIG);
        DelayedFeedbackTrainer learner =
                DelayedFeedbackTrainer.create(
                        MultiTaskModels.create(settings),
                        16,
                        new ExampleEncoder(settings.features(), settings.space()),
                        LabelWindows.from(CONFIG),
                        LabelPolicies.from(CONFIG),
                        PredictionListener.NONE);
        TrainerSnapshotSource source = new TrainerSnapshotSource(learner, CONFIG);

        EvaluationReport online = source.onlineReport();
        assertThat(online).isEqualTo(learner.asTrainedReport());
        EvaluationReport window = source.windowReport();
        assertThat(window).isEqualTo(learner.finalWindowReport());
        SnapshotManifest.Builder m = source.describe(online, window);
        assertThat(m.getModelId()).isEqualTo("ctr");
        assertThat(m.getProvenance())
                .containsEntry(
                        "model.parameters",
                        String.valueOf(learner.trainer().model().parameterCount()))
                .containsEntry(SnapshotManifests.FINAL_LABELS + "feed/click.examples", "0")
                .containsEntry(SnapshotManifests.GATE_WINDOW + "feed/click.examples", "0")
                .containsEntry("snapshots.gate.min-auc", "0.6")
                .containsEntry("snapshots.gate.window-examples", "10000");
        assertThat(source.examplesTrained()).isZero();
        assertThat(source.artifact()).isNotEmpty();
    }
}
