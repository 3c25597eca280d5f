package dev.flowrec.cli.bench;

import dev.flowrec.cli.report.Machine;
import dev.flowrec.cli.report.MarkdownTable;
import dev.flowrec.cli.report.ReportFolder;
import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensBatches;
import dev.flowrec.data.movielens.MovieLensSplit;
import dev.flowrec.data.movielens.MovieLensVocabulary;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark B1: model quality on MovieLens-1M with the AutoIFS paper protocol (random 80/10/10
 * split from the reference split file, batches in the reference's training order, early stopping on
 * the mean validation AUC of the 6 cells, test with the best epoch). Resumable: every model keeps
 * its progress in {@code --state}, and a rerun continues where the last one stopped.
 */
@Command(name = "b1", mixinStandardHelpOptions = true,
        description = "B1: test AUC/logloss per scenario x task on MovieLens-1M (paper protocol), resumable.")
public final class B1Command implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", defaultValue = "../shared/data", description = "Folder holding movielens-1m/ and movielens-1m-reference-splits/ (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--models", split = ",", defaultValue = "shared-bottom", description = "Models to run, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--state", description = "Where runs keep their progress (default: bench-state/B1, "
            + "bench-state/B1-m3oe-sequential for --split m3oe-sequential).")
    Path state;

    @Option(names = "--report", description = "Report folder (default: docs/benchmarks/B1-movielens-1m, "
            + "docs/benchmarks/B1-movielens-1m-m3oe-sequential for --split m3oe-sequential).")
    Path report;

    @Option(names = "--split", defaultValue = "autoifs", description = "autoifs: the paper protocol's random split, "
            + "every model; m3oe-sequential: M3oE's own reference protocol (sequential split, batch 40,960, "
            + "patience 10), model m3oe only (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", defaultValue = "2022", description = "Seed of the m3oe-sequential run: initialisation "
            + "and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--speed", defaultValue = "docs/benchmarks/B4-speed/results.json", description = "B4's results, "
            + "whose speed table the B1 report repeats when the file exists (default: ${DEFAULT-VALUE}).")
    Path speed;

    @Option(names = "--max-epochs", defaultValue = "50", description = "Epoch cap per model; AutoIFS's search epochs do not count, so it retrains for up to this many, as the reference does (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (split.equals("m3oe-sequential")) {
            if (!models.equals(List.of("m3oe"))) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--split m3oe-sequential runs only --models m3oe (its reference protocol), got " + models);
            }
            new M3oeSequentialRun(data, state == null ? Path.of("bench-state/B1-m3oe-sequential") : state,
                    report == null ? Path.of("docs/benchmarks/B1-movielens-1m-m3oe-sequential") : report,
                    maxEpochs, seed, out).run();
            return 0;
        }
        if (!split.equals("autoifs")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Unknown --split '" + split + "' (known: autoifs, m3oe-sequential)");
        }
        state = state == null ? Path.of("bench-state/B1") : state;
        report = report == null ? Path.of("docs/benchmarks/B1-movielens-1m") : report;
        Instant started = Instant.now();
        PaperSplit paper = PaperSplit.load(data);
        MovieLens1m ml = paper.ratings();
        MovieLensSplit split = paper.split();
        MovieLensVocabulary vocabulary = paper.vocabulary();
        out.printf("B1 on %s: %,d ratings, split %s, vocabulary %,d rows; machine %s%n", data, ml.rowCount(),
                split.protocol(), vocabulary.size(), Machine.current().describe());
        Map<String, Object> dataset = Map.of("name", "movielens-1m", "rows", ml.rowCount(), "protocol", split.protocol());
        Map<String, B1Report.ModelRun> runs = new LinkedHashMap<>();
        for (String name : models) {
            ModelSettings settings = B1Models.settings(name, vocabulary.size(), split.size(MovieLensSplit.Part.TRAIN));
            MovieLensBatches batches = paper.batchesFor(settings);
            ResumableTraining training = new ResumableTraining(state.resolve(name), name,
                    () -> MultiTaskModels.create(settings), B1Models::phase, B1Models::counts, maxEpochs, 1, out);
            MultiTaskModel best = training.run(() -> batches.batches(split, MovieLensSplit.Part.TRAIN, B1Models.BATCH_SIZE),
                    () -> batches.batches(split, MovieLensSplit.Part.VALIDATION, B1Models.EVAL_BATCH_SIZE), MovieLens1m.SPACE);
            EvaluationReport test = HoldoutScores.evaluate(best,
                    batches.batches(split, MovieLensSplit.Part.TEST, B1Models.EVAL_BATCH_SIZE), MovieLens1m.SPACE);
            runs.put(name, B1Report.ModelRun.of(name, best, test, training.history()));
            out.printf("[%s] test mean AUC %.5f%n", name, test.meanAuc());
            B1Report.write(report, started, dataset, runs, speed);
        }
        out.printf("Report written to %s%n", report.toAbsolutePath());
        return 0;
    }
}
