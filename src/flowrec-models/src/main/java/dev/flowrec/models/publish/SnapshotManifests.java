package dev.flowrec.models.publish;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.JobIdentity;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.snapshot.PredictionTransform;
import dev.flowrec.core.snapshot.SnapshotFormat;
import dev.flowrec.events.CellMetrics;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fills a snapshot manifest's descriptive fields: identity, metrics, provenance. */
public final class SnapshotManifests {
    private SnapshotManifests() {}

    /**
     * What the model reports about itself, as provenance entries: for AutoIFS the share of
     * instances keeping each information flow per cell, {@code
     * autoifs.flow-keep.<scenario/task>.<flow>}.
     */
    public static Map<String, String> modelReport(MultiTaskModel model) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (model instanceof FlowSelectionReport flows) {
            flows.flowKeepShares()
                    .forEach(
                            (cell, shares) ->
                                    shares.asMap()
                                            .forEach(
                                                    (flow, share) ->
                                                            out.put(
                                                                    flowKeepKey(cell, flow),
                                                                    String.format(
                                                                            java.util.Locale.ROOT,
                                                                            "%.4f",
                                                                            share))));
        }
        return out;
    }

    /**
     * Provenance key prefix of the final-label view's cumulative figures, {@code
     * final-labels.<scenario/task>.<figure>}. The manifest's metrics stay the as-trained view,
     * which is current; this one lags by W.
     */
    public static final String FINAL_LABELS = "final-labels.";

    /**
     * Provenance key prefix of the figures the quality gate judged, over each cell's window of
     * recent final labels, {@code gate-window.<scenario/task>.<figure>}.
     */
    public static final String GATE_WINDOW = "gate-window.";

    /**
     * An evaluation as provenance entries: {@code
     * <prefix><cell>.examples|positives|auc|logloss|calibration}.
     */
    public static Map<String, String> toProvenance(String prefix, EvaluationReport report) {
        Map<String, String> out = new java.util.TreeMap<>();
        report.cells()
                .forEach(
                        (cell, r) -> {
                            String key = prefix + cell + ".";
                            out.put(key + "examples", String.valueOf(r.examples()));
                            out.put(key + "positives", String.valueOf(r.positives()));
                            out.put(key + "auc", String.valueOf(r.auc()));
                            out.put(key + "logloss", String.valueOf(r.logLoss()));
                            out.put(key + "calibration", String.valueOf(r.calibration()));
                        });
        return out;
    }

    /** Reads {@link #toProvenance} back from a manifest's provenance; no cells when it has none. */
    public static EvaluationReport fromProvenance(String prefix, Map<String, String> provenance) {
        Map<String, CellReport> cells = new java.util.TreeMap<>();
        provenance.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix) && key.endsWith(".examples")) {
                        String cell =
                                key.substring(prefix.length(), key.length() - ".examples".length());
                        String at = prefix + cell + ".";
                        cells.put(
                                cell,
                                new CellReport(
                                        Long.parseLong(value),
                                        Long.parseLong(
                                                provenance.getOrDefault(at + "positives", "0")),
                                        figure(provenance, at + "auc"),
                                        figure(provenance, at + "logloss"),
                                        figure(provenance, at + "calibration")));
                    }
                });
        return new EvaluationReport(cells);
    }

    private static double figure(Map<String, String> provenance, String key) {
        return Double.parseDouble(provenance.getOrDefault(key, "NaN"));
    }

    /**
     * Per task, the transform serving applies: {@code fnc} where the task trains with the FNC
     * correction.
     */
    public static Map<String, String> predictionTransforms(
            FlowRecConfig config, ModelSettings model) {
        LabelPolicies policies = LabelPolicies.from(config);
        Map<String, String> transforms = new HashMap<>();
        for (int t = 0; t < model.space().taskCount(); t++) {
            transforms.put(
                    model.space().tasks().get(t),
                    PredictionTransform.forCorrection(policies.correction(t)).value());
        }
        return transforms;
    }

    /** Provenance key of one cell's keep share of one flow ({@link FlowSelectionReport#FLOWS}). */
    public static String flowKeepKey(String cell, String flow) {
        return "autoifs.flow-keep." + cell + "." + flow;
    }

    /**
     * A manifest's descriptive fields for this model: identity, type, artifact format, feature-spec
     * hash, scenarios and tasks, prediction transforms, online metrics and provenance. Lineage,
     * creation time and data position are the publisher's to set.
     */
    public static SnapshotManifest.Builder describe(
            FlowRecConfig config,
            ModelSettings model,
            long parameters,
            EvaluationReport report,
            Map<String, String> modelReport) {
        return SnapshotManifest.newBuilder()
                .setModelId(JobIdentity.modelId(config))
                .setModelType(model.type().value())
                .setFormat(SnapshotFormat.DL4J_ZIP)
                .setFeatureSpecHash(model.features().hash())
                .setScenarios(model.space().scenarios())
                .setTasks(model.space().tasks())
                .setPredictionTransforms(predictionTransforms(config, model))
                .setMetrics(metrics(report))
                .setProvenance(provenance(config, model, parameters, modelReport));
    }

    private static List<CellMetrics> metrics(EvaluationReport report) {
        List<CellMetrics> out = new ArrayList<>();
        report.cells().forEach((cell, r) -> out.add(cellMetrics(cell, r)));
        return out;
    }

    private static CellMetrics cellMetrics(String cell, CellReport r) {
        return CellMetrics.newBuilder()
                .setCell(cell)
                .setExamples(r.examples())
                .setAuc(r.auc())
                .setLogloss(r.logLoss())
                .setCalibration(r.calibration())
                .build();
    }

    /**
     * The job's {@code model.*} options, except where the model carries its own value: a restored
     * model keeps the learning rate, L2, seed and layer sizes it was built with whatever the job is
     * configured with now, and the provenance must say what the model was trained with.
     */
    private static Map<String, String> provenance(
            FlowRecConfig config,
            ModelSettings model,
            long parameters,
            Map<String, String> modelReport) {
        Map<String, String> out = new HashMap<>(config.effective("model."));
        out.put(
                ModelOptions.LEARNING_RATE.key(),
                ModelOptions.LEARNING_RATE.format(model.learningRate()));
        out.put(ModelOptions.L2.key(), ModelOptions.L2.format(model.l2()));
        out.put(ModelOptions.SEED.key(), ModelOptions.SEED.format(model.seed()));
        out.put(
                ModelOptions.EMBEDDING_DIM.key(),
                ModelOptions.EMBEDDING_DIM.format(model.embeddingDim()));
        out.put(
                ModelOptions.HIDDEN_SIZES.key(),
                ModelOptions.HIDDEN_SIZES.format(model.hiddenSizes()));
        out.put(
                ModelOptions.TOWER_SIZES.key(),
                ModelOptions.TOWER_SIZES.format(model.towerSizes()));
        out.putAll(modelReport);
        out.put("model.parameters", String.valueOf(parameters));
        out.put(
                "flowrec.version",
                String.valueOf(SnapshotManifests.class.getPackage().getImplementationVersion()));
        out.put("java.version", System.getProperty("java.version"));
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        config.effective("labels.").forEach(out::put);
        // The bounds the gate passed this snapshot with, beside the figures it judged.
        config.effective("snapshots.gate.").forEach(out::put);
        return out;
    }
}
