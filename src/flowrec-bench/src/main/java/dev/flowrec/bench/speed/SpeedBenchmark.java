package dev.flowrec.bench.speed;

import dev.flowrec.bench.quality.PaperSplit;
import dev.flowrec.bench.quality.QualityModels;
import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.Percentiles;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.core.batch.Batch;
import dev.flowrec.data.movielens.MovieLensBatches;
import dev.flowrec.data.movielens.MovieLensSplit;
import dev.flowrec.data.movielens.MovieLensVocabulary;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark B4: training and scoring speed of every model on the same MovieLens-1M batches in one
 * run (speed on these shared machines compares only within one run): training examples/s at the B1
 * batch size and AutoIFS's ratio to each model, scoring examples/s at batch 1, 64 and 1024,
 * single-request latency p50/p99, the share of the machine's ND4J GEMM throughput each model's
 * training reaches (3 × forward FLOPs × examples/s), and memory. AutoIFS appears twice: searching
 * (gate network trained) and retraining (gates frozen).
 *
 * @param data folder holding movielens-1m/ and movielens-1m-reference-splits/
 * @param models models to measure, by {@link QualityModels#settings} name or {@link
 *     #AUTOIFS_RETRAIN}
 * @param trainSteps timed training steps per model, after 3 warm-up steps
 * @param report report folder
 */
public record SpeedBenchmark(Path data, List<String> models, int trainSteps, Path report) {
    /** AutoIFS retraining with frozen gates, measured as a model of its own. */
    public static final String AUTOIFS_RETRAIN = "autoifs-retrain";

    /**
     * Measures every model, printing progress to {@code out}, then writes the report.
     *
     * @throws IllegalArgumentException for an unknown model name
     */
    public void run(PrintWriter out) throws IOException {
        Instant started = Instant.now();
        PaperSplit paper = PaperSplit.load(data);
        MovieLensSplit split = paper.split();
        MovieLensVocabulary vocabulary = paper.vocabulary();
        int[] train = split.rows(MovieLensSplit.Part.TRAIN);
        int[] test = split.rows(MovieLensSplit.Part.TEST);
        double gemm = SpeedProbe.gemmFlopsPerSecond(1024, 3.0);
        out.printf(
                "B4 on %s; ND4J FLOAT GEMM 1024x1024: %.1f GFLOP/s%n",
                Machine.current().describe(), gemm / 1e9);

        Map<String, SpeedResults.ModelSpeed> results = new LinkedHashMap<>();
        Map<MovieLensBatches, Probes> probesBySource = new IdentityHashMap<>();
        for (String name : models) {
            ModelSettings settings = settings(name, vocabulary.size(), train.length);
            MultiTaskModel model = MultiTaskModels.create(settings);
            // Models without sequences share one source of batches, so they share its probes too.
            Probes probes =
                    probesBySource.computeIfAbsent(
                            paper.batchesFor(settings), b -> Probes.of(b, train, test));
            List<Batch> trainBatches = probes.train();
            List<Batch> singles = probes.singles();
            Map<Integer, Batch> scoring = probes.scoring();
            double trainRate =
                    SpeedProbe.trainExamplesPerSecond(model, trainBatches, 3, trainSteps);
            double gemmShare = 3.0 * model.forwardFlopsPerExample() * trainRate / gemm;
            Map<String, Double> scoringRates = new LinkedHashMap<>();
            for (int size : List.of(1, 64, 1024)) {
                scoringRates.put(
                        Integer.toString(size),
                        SpeedProbe.scoreExamplesPerSecond(model, scoring.get(size), 2.0));
            }
            double[] latencies = SpeedProbe.singleRequestLatencies(model, singles, 500);
            results.put(
                    name,
                    new SpeedResults.ModelSpeed(
                            model.parameterCount(),
                            model.forwardFlopsPerExample(),
                            trainRate,
                            gemmShare,
                            scoringRates,
                            new SpeedResults.Latency(
                                    Percentiles.of(latencies, 50), Percentiles.of(latencies, 99)),
                            ProcessMemory.now()));
            out.printf(
                    "[%s] train %,.0f examples/s (%.1f%% of GEMM), score batch 1024 %,.0f/s, single"
                            + " p50 %.2f ms%n",
                    name,
                    trainRate,
                    100 * gemmShare,
                    scoringRates.get("1024"),
                    Percentiles.of(latencies, 50));
        }
        ReportFolder folder = new ReportFolder(report);
        Map<String, String> dataset = new LinkedHashMap<>();
        dataset.put("name", "movielens-1m");
        dataset.put(
                "batches",
                "first 8 training batches of 4,096 in the reference order; scoring on the test"
                        + " split");
        folder.writeResults(
                new SpeedResults(
                        "B4",
                        started.toString(),
                        Machine.current(),
                        dataset,
                        gemm,
                        results,
                        ProcessMemory.now()));
        folder.writeSummary(summary(started, gemm, results));
        out.printf("Report written to %s%n", report.toAbsolutePath());
    }

    /**
     * What B4 times on: 8 training batches of 4,096 in the reference order, 200 single test rows,
     * scoring batches.
     */
    private record Probes(List<Batch> train, List<Batch> singles, Map<Integer, Batch> scoring) {
        static Probes of(MovieLensBatches batches, int[] train, int[] test) {
            List<Batch> trainBatches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                trainBatches.add(
                        batches.batch(
                                train,
                                i * QualityModels.BATCH_SIZE,
                                (i + 1) * QualityModels.BATCH_SIZE));
            }
            List<Batch> singles = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                singles.add(batches.batch(test, i, i + 1));
            }
            return new Probes(
                    trainBatches,
                    singles,
                    Map.of(
                            1,
                            singles.get(0),
                            64,
                            batches.batch(test, 0, 64),
                            1024,
                            batches.batch(test, 0, 1024)));
        }
    }

    private static ModelSettings settings(String name, int vocabulary, int trainRows) {
        if (name.equals(AUTOIFS_RETRAIN)) {
            // A search window of two batches: the warm-up steps cross into the retrain.
            ModelSettings s = QualityModels.autoIfs(vocabulary, trainRows);
            return s.toBuilder()
                    .architecture(
                            AutoIfsSettings.of(s).withSearch(2L * QualityModels.BATCH_SIZE, 0.9, 0))
                    .build();
        }
        return QualityModels.settings(name, vocabulary, trainRows);
    }

    private static String summary(
            Instant started, double gemm, Map<String, SpeedResults.ModelSpeed> results) {
        StringBuilder md = new StringBuilder("# B4: training and scoring speed\n\n");
        md.append("Started ")
                .append(started)
                .append(" on ")
                .append(Machine.current().describe())
                .append(". ND4J FLOAT ")
                .append(
                        String.format(
                                Locale.ROOT,
                                "GEMM (1024×1024 by 1024×1024) in the same run: %.1f GFLOP/s.%n%n",
                                gemm / 1e9));
        md.append(
                "MovieLens-1M, B1 settings of every model, batch 4,096 for training (3 warm-up"
                    + " steps, then timed steps); scoring on test rows. `autoifs` searches (gate"
                    + " network trained), `autoifs-retrain` trains with frozen hard gates. GEMM"
                    + " share = 3 × forward FLOPs per example × training examples/s ÷ the GEMM"
                    + " throughput: how close training runs to the machine's dense-math"
                    + " ceiling.\n\n");
        md.append(SpeedTable.of(results).render());
        md.append(
                "\n"
                    + "Memory (heap and off-heap in use after each model, peak RSS of the process"
                    + " so far) is in results.json. FLOPs count dense layers and the AutoIFS flows"
                    + " vertex; M3oE's hand-written STAR and fusion layers are not counted, so its"
                    + " FLOPs and GEMM share are lower bounds.\n");
        return md.toString();
    }
}
