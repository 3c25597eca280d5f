package dev.flowrec.bench.quality;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.training.HoldoutScores;
import dev.flowrec.bench.training.ResumableTraining;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensBatches;
import dev.flowrec.data.movielens.MovieLensSplit;
import dev.flowrec.data.movielens.MovieLensVocabulary;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark B1: model quality on MovieLens-1M with the AutoIFS paper protocol (random 80/10/10
 * split from the reference split file, batches in the reference's training order, early stopping on
 * the mean validation AUC of the 6 cells, test with the best epoch). Resumable: every model keeps
 * its progress in {@code state}, and a rerun continues where the last one stopped.
 *
 * @param data folder holding movielens-1m/ and movielens-1m-reference-splits/
 * @param models model names as {@link QualityModels#settings} knows them
 * @param state where runs keep their progress; null for the split's default
 * @param report report folder; null for the split's default
 * @param split {@code autoifs} (the paper protocol, every model) or {@code m3oe-sequential} (M3oE's
 *     own reference protocol, model m3oe only)
 * @param seed seed of the m3oe-sequential run
 * @param speed B4's results.json, whose speed table the report repeats when the file exists
 * @param maxEpochs epoch cap per model (AutoIFS's search epochs do not count)
 */
public record QualityBenchmark(
        Path data,
        List<String> models,
        Path state,
        Path report,
        String split,
        long seed,
        Path speed,
        int maxEpochs) {

    /**
     * Runs the benchmark, printing progress to {@code out}, and rewrites the report after every
     * model.
     *
     * @throws IllegalArgumentException for an unknown split or model, or models the split does not
     *     run
     */
    public void run(PrintWriter out) throws IOException {
        if (split.equals("m3oe-sequential")) {
            if (!models.equals(List.of("m3oe"))) {
                throw new IllegalArgumentException(
                        "--split m3oe-sequential runs only --models m3oe (its reference protocol),"
                                + " got "
                                + models);
            }
            new M3oeSequentialRun(
                            data,
                            state == null ? Path.of("bench-state/B1-m3oe-sequential") : state,
                            report == null
                                    ? Path.of("docs/benchmarks/B1-movielens-1m-m3oe-sequential")
                                    : report,
                            maxEpochs,
                            seed,
                            out)
                    .run();
            return;
        }
        if (!split.equals("autoifs")) {
            throw new IllegalArgumentException(
                    "Unknown --split '" + split + "' (known: autoifs, m3oe-sequential)");
        }
        Path state = this.state == null ? Path.of("bench-state/B1") : this.state;
        Path report =
                this.report == null ? Path.of("docs/benchmarks/B1-movielens-1m") : this.report;
        Instant started = Instant.now();
        PaperSplit paper = PaperSplit.load(data);
        MovieLens1m ml = paper.ratings();
        MovieLensSplit split = paper.split();
        MovieLensVocabulary vocabulary = paper.vocabulary();
        out.printf(
                "B1 on %s: %,d ratings, split %s, vocabulary %,d rows; machine %s%n",
                data,
                ml.rowCount(),
                split.protocol(),
                vocabulary.size(),
                Machine.current().describe());
        QualityResults.Dataset dataset =
                new QualityResults.Dataset("movielens-1m", ml.rowCount(), split.protocol());
        Map<String, QualityReport.ModelRun> runs = new LinkedHashMap<>();
        for (String name : models) {
            ModelSettings settings =
                    QualityModels.settings(
                            name, vocabulary.size(), split.size(MovieLensSplit.Part.TRAIN));
            MovieLensBatches batches = paper.batchesFor(settings);
            ResumableTraining training =
                    QualityModels.training(state.resolve(name), name, settings, maxEpochs, 1, out);
            MultiTaskModel best =
                    training.run(
                            () ->
                                    batches.batches(
                                            split,
                                            MovieLensSplit.Part.TRAIN,
                                            QualityModels.BATCH_SIZE),
                            () ->
                                    batches.batches(
                                            split,
                                            MovieLensSplit.Part.VALIDATION,
                                            QualityModels.EVAL_BATCH_SIZE),
                            MovieLens1m.SPACE);
            EvaluationReport test =
                    HoldoutScores.evaluate(
                            best,
                            batches.batches(
                                    split, MovieLensSplit.Part.TEST, QualityModels.EVAL_BATCH_SIZE),
                            MovieLens1m.SPACE);
            runs.put(name, QualityReport.ModelRun.of(name, best, test, training.history()));
            out.printf("[%s] test mean AUC %.5f%n", name, test.meanAuc());
            QualityReport.write(report, started, dataset, runs, speed);
        }
        out.printf("Report written to %s%n", report.toAbsolutePath());
    }
}
