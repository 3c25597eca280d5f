package dev.flowrec.bench.quality;

import dev.flowrec.bench.report.AucChart;
import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.bench.speed.SpeedResults;
import dev.flowrec.bench.speed.SpeedTable;
import dev.flowrec.bench.training.EpochHistory;
import dev.flowrec.bench.training.HoldoutScores;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.FlowSelectionReport.FlowKeepShares;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.autoifs.AutoIfsModel;
import dev.flowrec.models.autoifs.ParameterCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The B1 report folder: results.json in the shape every report shares (benchmark, started_at,
 * machine, dataset, and per model params, flops_per_example, train_examples_per_s, cells keyed
 * {@code "<scenario>/<task>"} and mean_auc), summary.md (quality per cell, cost next to AutoIFS and
 * next to the reference PyTorch run, AutoIFS parity per cell, flow-keep shares) and
 * validation_auc.png (the validation curve of every model, with the reference AutoIFS search
 * curve). Rewritten after each model finishes, so a partial run still leaves a readable report.
 */
final class QualityReport {
    /**
     * Test AUC per cell of the authors' AutoIFS code (ChaohuaYang/AutoIFS at 65fc27cd, run
     * unchanged, seed 2022) on this split, at its best retrain checkpoint.
     */
    static final Map<String, Double> REFERENCE_AUTOIFS_AUC =
            new TreeMap<>(
                    Map.of(
                            "0/click", 0.818916, "0/like", 0.835539, "1/click", 0.827335, "1/like",
                            0.834558, "2/click", 0.812861, "2/like", 0.819167));

    /** Mean validation AUC of the 6 cells per search epoch of that reference run. */
    static final List<Double> REFERENCE_AUTOIFS_SEARCH_CURVE =
            List.of(0.7911, 0.7934, 0.7946, 0.7976, 0.8004, 0.8034, 0.8063, 0.8094, 0.8126, 0.8148);

    /**
     * Training examples/s of the reference code on one torch thread in clean timing runs on a
     * 2-vCPU AMD EPYC (AVX2): search the mean of 8,920 and 9,172, retrain 12,327.
     */
    static final double REFERENCE_SEARCH_EXAMPLES_PER_S = 9_046;

    static final double REFERENCE_RETRAIN_EXAMPLES_PER_S = 12_327;
    static final long REFERENCE_MAIN_PARAMETERS = 1_006_791;
    static final long REFERENCE_GATE_PARAMETERS = 661_000;

    /** One model's finished run: the test scores of its best checkpoint, its history, its costs. */
    record ModelRun(
            String name,
            EvaluationReport test,
            EpochHistory history,
            Map<String, Long> parameters,
            long forwardFlops,
            Map<String, FlowKeepShares> flowKeeps) {

        static ModelRun of(
                String name, MultiTaskModel best, EvaluationReport test, EpochHistory history) {
            Map<String, Long> parameters = new LinkedHashMap<>();
            parameters.put("trainable", best.parameterCount());
            if (best instanceof AutoIfsModel autoIfs) {
                ParameterCounts counts = autoIfs.parameterCounts();
                parameters.put("main", counts.main());
                parameters.put("embedding", counts.embedding());
                parameters.put("gate_network", counts.gateNetwork());
                parameters.put("frozen_gate_embedding", counts.gateEmbedding());
            }
            Map<String, FlowKeepShares> keeps =
                    best instanceof FlowSelectionReport flows ? flows.flowKeepShares() : Map.of();
            return new ModelRun(
                    name, test, history, parameters, best.forwardFlopsPerExample(), keeps);
        }

        /** Mean training examples/s over the epochs of one phase, NaN if the run had none. */
        double examplesPerSecond(String phase) {
            return history.epochs.stream()
                    .filter(e -> e.phase.equals(phase))
                    .mapToDouble(e -> e.trainExamplesPerSecond)
                    .average()
                    .orElse(Double.NaN);
        }

        /**
         * Examples/s of the phase that makes up the run: retrain for AutoIFS, train for the others.
         */
        double steadyExamplesPerSecond() {
            double retrain = examplesPerSecond("retrain");
            return Double.isNaN(retrain) ? examplesPerSecond("train") : retrain;
        }

        double meanLogloss() {
            return HoldoutScores.meanLogloss(test);
        }
    }

    private QualityReport() {}

    /**
     * Writes the report; {@code speed} is B4's results.json, whose per-model speed table the report
     * repeats when the file exists (B4 measures on a quiet machine, B1's own examples/s share it).
     */
    static void write(
            Path folder,
            Instant started,
            QualityResults.Dataset dataset,
            Map<String, ModelRun> runs,
            Path speed)
            throws IOException {
        ReportFolder report = new ReportFolder(folder);
        SpeedResults b4 =
                Files.exists(speed)
                        ? ReportFolder.JSON.readValue(speed.toFile(), SpeedResults.class)
                        : null;
        report.writeResults(results(started, dataset, runs, b4));
        report.writeSummary(summary(started, runs, b4));
        writeChart(folder.resolve("validation_auc.png"), runs);
    }

    private static QualityResults results(
            Instant started,
            QualityResults.Dataset dataset,
            Map<String, ModelRun> runs,
            SpeedResults b4) {
        ModelRun autoIfs = runs.get("autoifs");
        Map<String, QualityResults.ModelResult> models = new LinkedHashMap<>();
        for (ModelRun run : runs.values()) {
            Map<String, Double> speed = new LinkedHashMap<>();
            for (String phase : List.of("search", "retrain", "train")) {
                double v = run.examplesPerSecond(phase);
                if (!Double.isNaN(v)) {
                    speed.put(phase, v);
                }
            }
            QualityResults.Ratios ratios =
                    autoIfs == null
                            ? null
                            : new QualityResults.Ratios(
                                    (double) run.parameters().get("trainable")
                                            / autoIfs.parameters().get("trainable"),
                                    (double) run.forwardFlops() / autoIfs.forwardFlops(),
                                    run.steadyExamplesPerSecond()
                                            / autoIfs.steadyExamplesPerSecond());
            List<QualityResults.CurvePoint> curve =
                    run.history().epochs.stream()
                            .map(
                                    e ->
                                            new QualityResults.CurvePoint(
                                                    e.epoch,
                                                    e.phase,
                                                    e.validationMeanAuc,
                                                    e.validationMeanLogloss))
                            .toList();
            Map<String, QualityResults.CellQuality> cells = new TreeMap<>();
            run.test()
                    .cells()
                    .forEach(
                            (cell, c) ->
                                    cells.put(
                                            cell,
                                            new QualityResults.CellQuality(c.auc(), c.logLoss())));
            Map<String, Map<String, Double>> keeps = new TreeMap<>();
            run.flowKeeps().forEach((cell, s) -> keeps.put(cell, s.asMap()));
            models.put(
                    run.name(),
                    new QualityResults.ModelResult(
                            run.parameters(),
                            run.forwardFlops(),
                            speed,
                            ratios,
                            run.history().epochs.size(),
                            run.history().bestEpoch,
                            run.history().finished,
                            curve,
                            cells,
                            run.test().meanAuc(),
                            run.meanLogloss(),
                            keeps));
        }
        QualityResults.ReferenceRun reference =
                new QualityResults.ReferenceRun(
                        REFERENCE_AUTOIFS_AUC,
                        REFERENCE_SEARCH_EXAMPLES_PER_S,
                        REFERENCE_RETRAIN_EXAMPLES_PER_S,
                        Map.of(
                                "main",
                                REFERENCE_MAIN_PARAMETERS,
                                "gate_network",
                                REFERENCE_GATE_PARAMETERS));
        return new QualityResults(
                "B1", started.toString(), Machine.current(), dataset, models, reference, b4);
    }

    private static String summary(Instant started, Map<String, ModelRun> runs, SpeedResults b4) {
        StringBuilder md = new StringBuilder("# B1: MovieLens-1M, paper protocol\n\n");
        md.append("Started ")
                .append(started)
                .append(" on ")
                .append(Machine.current().describe())
                .append(".\n\n");
        md.append(
                "Random 80/10/10 split (the reference split file), 8 categorical fields, embedding"
                    + " 16, batch 4,096 in the reference training order, early stopping at the"
                    + " first epoch whose mean validation AUC does not improve, test with the best"
                    + " epoch. AUC is exact (rank-based) per cell; logloss on probabilities."
                    + " AutoIFS: 10 search epochs, rewind to the start of search epoch 9, retrain"
                    + " with hard gates (search epochs do not count for early stopping or for the"
                    + " epoch cap). A model whose 'stopped' column says 'not yet' is reported with"
                    + " its best checkpoint so far; rerunning the command continues its"
                    + " training.\n\n");
        md.append("## Test quality\n\n").append(qualityTable(runs).render());
        md.append("\nTest logloss per cell:\n\n").append(loglossTable(runs).render());
        md.append("\n## Cost (same run, same machine)\n\n").append(costTable(runs).render());
        md.append(
                "\n"
                    + "FLOPs: forward pass, 2·in·out + out per dense layer and the AutoIFS flows"
                    + " layer as it computes them (a training step costs about 3x). Examples/s:"
                    + " training only, evaluation excluded, mean over the phase's epochs. Ratios"
                    + " are to FlowRec's AutoIFS in this run; the reference PyTorch AutoIFS ran "
                        + String.format(Locale.ROOT, "%,.0f", REFERENCE_SEARCH_EXAMPLES_PER_S)
                        + " examples/s in search and "
                        + String.format(Locale.ROOT, "%,.0f", REFERENCE_RETRAIN_EXAMPLES_PER_S)
                        + " in retrain on one torch "
                        + "thread on a 2-vCPU AMD EPYC, with "
                        + String.format(Locale.ROOT, "%,d", REFERENCE_MAIN_PARAMETERS)
                        + " main and "
                        + String.format(Locale.ROOT, "%,d", REFERENCE_GATE_PARAMETERS)
                        + " gate-network parameters.\n");
        ModelRun autoIfs = runs.get("autoifs");
        md.append("\n## AutoIFS against the reference PyTorch run (authors' code, seed 2022)\n\n");
        MarkdownTable parity =
                new MarkdownTable(
                        "cell", "reference AUC", "FlowRec AUC", "difference", "within 0.003");
        for (Map.Entry<String, Double> ref : REFERENCE_AUTOIFS_AUC.entrySet()) {
            double ours =
                    autoIfs == null ? Double.NaN : autoIfs.test().cells().get(ref.getKey()).auc();
            parity.row(
                    ref.getKey(),
                    ref.getValue(),
                    ours,
                    ours - ref.getValue(),
                    Double.isNaN(ours)
                            ? "not run yet"
                            : Math.abs(ours - ref.getValue()) <= 0.003 ? "yes" : "no");
        }
        md.append(parity.render());
        if (autoIfs != null && !autoIfs.flowKeeps().isEmpty()) {
            md.append("\n## AutoIFS flows kept on the test split\n\n")
                    .append(flowTable(autoIfs).render());
            md.append(
                    "\n"
                        + "Share of the most recent test rows of each cell (up to"
                        + " model.autoifs.flow-report-window) whose hard gate kept the flow; the"
                        + " reference reports the share removed, i.e. 1 minus these (the flows they"
                        + " remove).\n");
        }
        if (b4 != null) {
            md.append("\n## Speed on a quiet machine (B4, started ")
                    .append(b4.startedAt())
                    .append(")\n\n")
                    .append(SpeedTable.of(b4.models()).render())
                    .append(
                            "\n"
                                + "From docs/benchmarks/B4-speed (`flowrec bench b4`): the B1"
                                + " settings of every model, training at batch 4,096 with nothing"
                                + " else running, scoring at batch 1, 64 and 1,024. The examples/s"
                                + " in the cost table above come from the B1 epochs themselves,"
                                + " which shared the machine with other runs.\n");
        }
        md.append("\n![validation AUC per epoch](validation_auc.png)\n");
        return md.toString();
    }

    private static MarkdownTable qualityTable(Map<String, ModelRun> runs) {
        List<String> cells = new ArrayList<>(REFERENCE_AUTOIFS_AUC.keySet());
        List<String> header = new ArrayList<>(List.of("model"));
        cells.forEach(c -> header.add(c + " AUC"));
        header.addAll(List.of("mean AUC", "mean logloss", "epochs", "best epoch", "stopped"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (ModelRun run : runs.values()) {
            List<Object> row = new ArrayList<>(List.of(run.name()));
            cells.forEach(c -> row.add(run.test().cells().get(c).auc()));
            row.addAll(
                    List.of(
                            run.test().meanAuc(),
                            run.meanLogloss(),
                            run.history().epochs.size(),
                            run.history().bestEpoch,
                            run.history().finished ? "early stop" : "not yet (run resumes)"));
            table.row(row.toArray());
        }
        return table;
    }

    private static MarkdownTable loglossTable(Map<String, ModelRun> runs) {
        List<String> cells = new ArrayList<>(REFERENCE_AUTOIFS_AUC.keySet());
        List<String> header = new ArrayList<>(List.of("model"));
        cells.forEach(c -> header.add(c + " logloss"));
        header.add("mean logloss");
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (ModelRun run : runs.values()) {
            List<Object> row = new ArrayList<>(List.of(run.name()));
            cells.forEach(c -> row.add(run.test().cells().get(c).logLoss()));
            row.add(run.meanLogloss());
            table.row(row.toArray());
        }
        return table;
    }

    private static MarkdownTable costTable(Map<String, ModelRun> runs) {
        ModelRun autoIfs = runs.get("autoifs");
        MarkdownTable table =
                new MarkdownTable(
                        "model",
                        "trainable params",
                        "of which gate network",
                        "forward FLOPs/example",
                        "search ex/s",
                        "train or retrain ex/s",
                        "params vs AutoIFS",
                        "FLOPs vs AutoIFS",
                        "ex/s vs AutoIFS");
        for (ModelRun run : runs.values()) {
            long params = run.parameters().get("trainable");
            table.row(
                    run.name(),
                    String.format(Locale.ROOT, "%,d", params),
                    run.parameters().containsKey("gate_network")
                            ? String.format(
                                    Locale.ROOT, "%,d", run.parameters().get("gate_network"))
                            : "-",
                    String.format(Locale.ROOT, "%,d", run.forwardFlops()),
                    speed(run.examplesPerSecond("search")),
                    speed(run.steadyExamplesPerSecond()),
                    ratio(
                            autoIfs == null
                                    ? Double.NaN
                                    : (double) params / autoIfs.parameters().get("trainable")),
                    ratio(
                            autoIfs == null
                                    ? Double.NaN
                                    : (double) run.forwardFlops() / autoIfs.forwardFlops()),
                    ratio(
                            autoIfs == null
                                    ? Double.NaN
                                    : run.steadyExamplesPerSecond()
                                            / autoIfs.steadyExamplesPerSecond()));
        }
        if (autoIfs != null) {
            table.row(
                    "reference AutoIFS (PyTorch)",
                    String.format(
                            Locale.ROOT,
                            "%,d",
                            REFERENCE_MAIN_PARAMETERS + REFERENCE_GATE_PARAMETERS),
                    String.format(Locale.ROOT, "%,d", REFERENCE_GATE_PARAMETERS),
                    "-",
                    speed(REFERENCE_SEARCH_EXAMPLES_PER_S),
                    speed(REFERENCE_RETRAIN_EXAMPLES_PER_S),
                    "-",
                    "-",
                    ratio(REFERENCE_RETRAIN_EXAMPLES_PER_S / autoIfs.steadyExamplesPerSecond()));
        }
        return table;
    }

    private static MarkdownTable flowTable(ModelRun autoIfs) {
        List<String> header = new ArrayList<>(List.of("cell", "rows"));
        FlowSelectionReport.FLOWS.forEach(f -> header.add(f + " kept"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        new TreeMap<>(autoIfs.flowKeeps())
                .forEach(
                        (cell, s) ->
                                table.row(
                                        cell,
                                        s.instances(),
                                        s.sharedShared(),
                                        s.specificSpecific(),
                                        s.sharedSpecific(),
                                        s.specificShared()));
        return table;
    }

    private static String speed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }

    private static void writeChart(Path png, Map<String, ModelRun> runs) throws IOException {
        int epochs = REFERENCE_AUTOIFS_SEARCH_CURVE.size();
        for (ModelRun run : runs.values()) {
            epochs = Math.max(epochs, run.history().epochs.size());
        }
        List<Double> x = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            x.add((double) e);
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (ModelRun run : runs.values()) {
            curves.put(
                    run.name(),
                    padded(
                            run.history().epochs.stream().map(e -> e.validationMeanAuc).toList(),
                            epochs));
        }
        curves.put("reference AutoIFS (search)", padded(REFERENCE_AUTOIFS_SEARCH_CURVE, epochs));
        AucChart.write(
                png,
                "B1: mean validation AUC of the 6 cells per epoch",
                "epoch (AutoIFS: 10 search, then retrain)",
                "mean validation AUC",
                x,
                curves,
                Map.of());
    }

    private static List<Double> padded(List<Double> values, int length) {
        List<Double> out = new ArrayList<>(values);
        while (out.size() < length) {
            out.add(Double.NaN);
        }
        return out;
    }
}
