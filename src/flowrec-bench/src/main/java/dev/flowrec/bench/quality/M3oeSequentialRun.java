package dev.flowrec.bench.quality;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.bench.training.EpochHistory;
import dev.flowrec.bench.training.HoldoutScores;
import dev.flowrec.bench.training.ResumableTraining;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.data.movielens.M3oeEncoding;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensBatches;
import dev.flowrec.data.movielens.MovieLensSplit;
import dev.flowrec.data.movielens.MovieLensSplit.Part;
import dev.flowrec.data.movielens.MovieLensVocabulary;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.m3oe.M3oeModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * B1's second table: M3oE on the protocol of its reference code (Applied-Machine-Learning-Lab/M3oE,
 * its MovieLens example), the only setting with measured M3oE figures. Sequential 80/10/10 split of
 * the merged table, the reference's features (7 sparse fields, age dense), batch 40,960 reshuffled
 * every epoch from {@code seed} and the epoch number, up to {@code maxEpochs} epochs, patience 10
 * on the mean validation AUC, test with the best epoch. Resumable like every B1 run ({@link
 * ResumableTraining}); one seed per run.
 */
final class M3oeSequentialRun {
    /**
     * Test AUC per cell of the reference code (M3oE at 1b302174, run unchanged on CPU), mean of its
     * seeds 2022 and 2023.
     */
    static final Map<String, Double> REFERENCE_AUC =
            new TreeMap<>(
                    Map.of(
                            "0/click", 0.7106, "0/like", 0.7090, "1/click", 0.7222, "1/like",
                            0.7276, "2/click", 0.7130, "2/like", 0.7193));

    static final double REFERENCE_MEAN_AUC = 0.7169;
    static final int PATIENCE = 10;

    private final Path data;
    private final Path state;
    private final Path report;
    private final int maxEpochs;
    private final long seed;
    private final PrintWriter out;

    M3oeSequentialRun(
            Path data, Path state, Path report, int maxEpochs, long seed, PrintWriter out) {
        this.data = data;
        this.state = state;
        this.report = report;
        this.maxEpochs = maxEpochs;
        this.seed = seed;
        this.out = out;
    }

    void run() throws IOException {
        Instant started = Instant.now();
        MovieLens1m ml = MovieLens1m.load(data);
        MovieLensSplit split = MovieLensSplit.m3oe(ml);
        M3oeEncoding encoding = M3oeEncoding.of(ml, MovieLensVocabulary.of(ml));
        MovieLensBatches batches = new MovieLensBatches(ml, encoding);
        int[] train = split.rows(Part.TRAIN);
        int batchesPerEpoch =
                MovieLensBatches.batchCount(train.length, QualityModels.M3OE_BATCH_SIZE);
        ModelSettings settings =
                QualityModels.m3oeReference(encoding.size(), batchesPerEpoch, seed);
        out.printf(
                "B1 (M3oE sequential split) on %s: %s, %d fields + %d dense over %,d rows, seed %d;"
                        + " machine %s%n",
                data,
                split,
                encoding.fieldCount(),
                encoding.denseWidth(),
                encoding.size(),
                seed,
                Machine.current().describe());
        String name = "m3oe-seed" + seed;
        ResumableTraining training =
                QualityModels.training(
                        state.resolve(name), name, settings, maxEpochs, PATIENCE, out);
        MultiTaskModel best =
                training.run(
                        epoch ->
                                batches.batches(
                                        MovieLensSplit.shuffled(train, seed * 1_000 + epoch),
                                        QualityModels.M3OE_BATCH_SIZE),
                        () ->
                                batches.batches(
                                        split, Part.VALIDATION, QualityModels.M3OE_BATCH_SIZE),
                        MovieLens1m.SPACE);
        EvaluationReport test =
                HoldoutScores.evaluate(
                        best,
                        batches.batches(split, Part.TEST, QualityModels.M3OE_BATCH_SIZE),
                        MovieLens1m.SPACE);
        EpochHistory history = training.history();
        out.printf(
                Locale.ROOT,
                "[%s] test mean AUC %.5f (reference %.4f), %d epochs, best %d%n",
                name,
                test.meanAuc(),
                REFERENCE_MEAN_AUC,
                history.epochs.size(),
                history.bestEpoch);
        write(started, ml, settings, (M3oeModel) best, test, history);
        out.printf("Report written to %s%n", report.toAbsolutePath());
    }

    private void write(
            Instant started,
            MovieLens1m ml,
            ModelSettings settings,
            M3oeModel best,
            EvaluationReport test,
            EpochHistory history)
            throws IOException {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("seed", seed);
        model.put(
                "params",
                Map.of(
                        "trainable",
                        best.parameterCount(),
                        "reference_counting",
                        M3oeModel.referenceParameterCount(settings)));
        model.put(
                "train_examples_per_s",
                history.epochs.stream()
                        .mapToDouble(e -> e.trainExamplesPerSecond)
                        .average()
                        .orElse(0));
        model.put("epochs", history.epochs.size());
        model.put("finished", history.finished);
        model.put("best_epoch", history.bestEpoch);
        model.put(
                "validation_mean_auc",
                history.epochs.stream().map(e -> e.validationMeanAuc).toList());
        model.put(
                "structure_weights",
                Map.of(
                        "alpha_domain",
                        best.structureWeights()[0],
                        "alpha_task",
                        best.structureWeights()[1],
                        "beta_domain",
                        best.structureWeights()[2],
                        "beta_task",
                        best.structureWeights()[3]));
        Map<String, Object> cells = new TreeMap<>();
        test.cells()
                .forEach(
                        (cell, c) ->
                                cells.put(cell, Map.of("auc", c.auc(), "logloss", c.logLoss())));
        model.put("cells", cells);
        model.put("mean_auc", test.meanAuc());
        model.put("mean_logloss", HoldoutScores.meanLogloss(test));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "B1");
        results.put("started_at", started.toString());
        results.put("machine", Machine.current());
        results.put(
                "dataset",
                Map.of(
                        "name",
                        "movielens-1m",
                        "rows",
                        ml.rowCount(),
                        "protocol",
                        "m3oe sequential 80/10/10 (M3oE reference code's split)"));
        results.put("models", Map.of("m3oe", model));
        results.put("reference", Map.of("cells", REFERENCE_AUC, "mean_auc", REFERENCE_MEAN_AUC));
        ReportFolder folder = new ReportFolder(report);
        folder.writeResults(results);
        folder.writeSummary(summary(started, best, settings, test, history));
    }

    private String summary(
            Instant started,
            M3oeModel best,
            ModelSettings settings,
            EvaluationReport test,
            EpochHistory history) {
        StringBuilder md =
                new StringBuilder("# B1: MovieLens-1M, M3oE on its sequential split\n\n");
        md.append("Started ")
                .append(started)
                .append(" on ")
                .append(Machine.current().describe())
                .append(".\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Reference protocol (M3oE's reference code): positional 80/10/10 split of"
                            + " the merged table, 7 sparse fields + age dense, batch 40,960"
                            + " reshuffled every epoch, Adam 1e-2 / weight decay 1e-5, structure"
                            + " weights in the main optimiser plus one step of their own Adam per"
                            + " epoch (reference-parity), up to %d epochs with patience %d on the"
                            + " mean validation AUC, test with the best epoch. Seed %d; %d epochs"
                            + " run (%s), best epoch %d. Parameters %,d in DL4J, %,d in the"
                            + " reference's counting (reference 788,146).%n%n",
                        maxEpochs,
                        PATIENCE,
                        seed,
                        history.epochs.size(),
                        history.finished ? "stopped early" : "not stopped by the patience rule",
                        history.bestEpoch,
                        best.parameterCount(),
                        M3oeModel.referenceParameterCount(settings)));
        MarkdownTable cells =
                new MarkdownTable(
                        "cell",
                        "reference AUC (2 seeds)",
                        "FlowRec AUC",
                        "difference",
                        "FlowRec logloss");
        for (Map.Entry<String, Double> ref : REFERENCE_AUC.entrySet()) {
            CellReport c = test.cells().get(ref.getKey());
            cells.row(ref.getKey(), ref.getValue(), c.auc(), c.auc() - ref.getValue(), c.logLoss());
        }
        cells.row(
                "mean of 6",
                REFERENCE_MEAN_AUC,
                test.meanAuc(),
                test.meanAuc() - REFERENCE_MEAN_AUC,
                HoldoutScores.meanLogloss(test));
        md.append(cells.render());
        double[] w = best.structureWeights();
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nStructure weights of the best epoch: α_d %.4f, α_t %.4f, β_d %.4f, β_t"
                            + " %.4f (reference seed 2022: 0.7185, 0.7192, 0.7617, 0.7394).%n%n",
                        w[0],
                        w[1],
                        w[2],
                        w[3]));
        MarkdownTable epochs =
                new MarkdownTable(
                        "epoch",
                        "validation mean AUC",
                        "validation mean logloss",
                        "train s",
                        "train examples/s");
        for (EpochHistory.Epoch e : history.epochs) {
            epochs.row(
                    e.epoch,
                    e.validationMeanAuc,
                    e.validationMeanLogloss,
                    Math.round(e.trainSeconds),
                    Math.round(e.trainExamplesPerSecond));
        }
        md.append(epochs.render());
        List<String> notes = new ArrayList<>();
        notes.add(
                "Reference validation curve (seed 2022): 0.7083, 0.7225, 0.7255, ... best 0.7297 at"
                        + " epoch 9.");
        notes.forEach(n -> md.append("\n").append(n).append("\n"));
        return md.toString();
    }
}
