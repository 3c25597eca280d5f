package dev.flowrec.models.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.CellMetrics;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotManifestsTest {

    @Test
    void describesIdentityFeaturesMetricsAndProvenance() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.id",
                                "ctr",
                                "model.hash-buckets",
                                "64",
                                "model.hidden-sizes",
                                "8",
                                "labels.correction",
                                "click:none,conversion:none"));
        ModelSettings settings = ModelSettings.from(config);
        EvaluationReport report =
                new EvaluationReport(Map.of("feed/click", new CellReport(100, 10, 0.7, 0.3, 1.1)));

        SnapshotManifest.Builder m =
                SnapshotManifests.describe(config, settings, 999L, report, Map.of("custom", "x"));

        assertThat(m.getModelId()).isEqualTo("ctr");
        assertThat(m.getModelType()).isEqualTo("autoifs"); // the default model
        assertThat(m.hasVersion()).as("lineage is the publisher's to set").isFalse();
        assertThat(m.getFeatureSpecHash()).isEqualTo(settings.features().hash());
        assertThat(m.getPredictionTransforms())
                .containsEntry("click", "identity")
                .containsEntry("conversion", "identity");
        assertThat(m.getMetrics())
                .extracting(CellMetrics::getCell, CellMetrics::getAuc)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("feed/click", 0.7));
        assertThat(m.getProvenance())
                .containsEntry("model.parameters", "999")
                .containsEntry("model.hidden-sizes", "8")
                .containsEntry("custom", "x")
                .containsKeys("java.version", "labels.tasks");
    }

    @Test
    void tasksTrainedWithFncAreServedThroughItsTransform() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.id",
                                "ctr",
                                "model.hash-buckets",
                                "64",
                                "model.hidden-sizes",
                                "8",
                                "labels.policy",
                                "click:es-dfm,conversion:fake-negative",
                                "labels.correction",
                                "conversion:fnc"));
        SnapshotManifest.Builder m =
                SnapshotManifests.describe(
                        config,
                        ModelSettings.from(config),
                        1L,
                        new EvaluationReport(Map.of()),
                        Map.of());
        assertThat(m.getPredictionTransforms())
                .containsEntry("click", "identity")
                .containsEntry("conversion", "fnc");
    }

    @Test
    void evaluationFiguresArePrefixedPerCellAndReadBack() {
        EvaluationReport view =
                new EvaluationReport(
                        Map.of(
                                "feed/click",
                                new CellReport(100, 10, 0.7, 0.3, 1.1),
                                "search/conversion",
                                new CellReport(0, 0, Double.NaN, Double.NaN, Double.NaN)));
        Map<String, String> out =
                SnapshotManifests.toProvenance(SnapshotManifests.FINAL_LABELS, view);
        assertThat(out)
                .containsEntry("final-labels.feed/click.examples", "100")
                .containsEntry("final-labels.feed/click.auc", "0.7")
                .containsEntry("final-labels.feed/click.calibration", "1.1");
        Map<String, String> provenance = new java.util.HashMap<>(out);
        provenance.put("model.hidden-sizes", "8");
        provenance.put("gate-window.feed/click.examples", "5");
        assertThat(SnapshotManifests.fromProvenance(SnapshotManifests.FINAL_LABELS, provenance))
                .isEqualTo(view);
        assertThat(SnapshotManifests.fromProvenance(SnapshotManifests.GATE_WINDOW, provenance))
                .as("each prefix reads its own entries")
                .isEqualTo(
                        new EvaluationReport(
                                Map.of(
                                        "feed/click",
                                        new CellReport(5, 0, Double.NaN, Double.NaN, Double.NaN))));
    }

    @Test
    void onlyFlowSelectingModelsReportFlows() {
        ModelSettings settings =
                ModelSettings.from(
                        FlowRecConfig.of(
                                Map.of("model.hash-buckets", "64", "model.hidden-sizes", "8")));
        assertThat(SnapshotManifests.modelReport(MultiTaskModels.create(settings))).isEmpty();
    }

    @Test
    void provenanceNamesWhatTheModelTrainsWithNotWhatTheJobNowSays() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.id", "ctr",
                                "model.hash-buckets", "64",
                                "model.hidden-sizes", "8",
                                "model.learning-rate", "0.05"));
        // As after a restore: the model was built with other settings than the job's now.
        ModelSettings restored =
                ModelSettings.from(config).toBuilder()
                        .learningRate(0.003)
                        .l2(1e-5)
                        .hiddenSizes(java.util.List.of(16, 4))
                        .build();

        var provenance =
                SnapshotManifests.describe(
                                config, restored, 1L, new EvaluationReport(Map.of()), Map.of())
                        .getProvenance();

        assertThat(provenance)
                .containsEntry("model.learning-rate", "0.003")
                .containsEntry("model.l2", "1.0E-5")
                .containsEntry("model.hidden-sizes", "16,4")
                .containsEntry("model.hash-buckets", "64");
    }
}
