package dev.flowrec.bench.speed;

import dev.flowrec.bench.quality.PaperSplit;
import dev.flowrec.bench.quality.QualityModels;
import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.Percentiles;
import dev.flowrec.bench.report.ProductRates;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark B4: training and scoring speed of every model on the same MovieLens-1M batches in one
 * run (speed on these shared machines compares only within one run): training examples/s at the B1
 * batch size and AutoIFS's ratio to each model, scoring examples/s at batch 1, 64 and 1024,
 * single-request latency p50/p99, memory, and each model's training speed as a share of its
 * products' limit: the examples/s its matrix products alone would allow, each layer shape's
 * forward, weight-gradient and input-gradient product at the rate OpenBLAS reaches on it in the
 * same run ({@link ProductRates}). AutoIFS appears twice: searching (gate network trained) and
 * retraining (gates frozen), and is timed in PyTorch too on one thread, when PyTorch is installed
 * ({@link PyTorchReference}), for FlowRec ÷ PyTorch per phase. Run it with one OpenMP/BLAS thread
 * ({@code flowrec} sets {@code OMP_NUM_THREADS=1} unless told otherwise) so that the comparison is
 * core for core.
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

    /** Minimum time each product of each layer shape is timed for. */
    private static final double PRODUCT_SECONDS = 0.5;

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
        Map<String, ProductRates.ShapeRate> shapes = new LinkedHashMap<>();
        Map<String, ProductRates> limits = new HashMap<>();
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
            int[][] products = model.denseProducts();
            ProductRates limit =
                    products.length == 0
                            ? null
                            : limits.computeIfAbsent(
                                    Arrays.deepToString(products),
                                    k ->
                                            ProductRates.measure(
                                                    products,
                                                    QualityModels.BATCH_SIZE,
                                                    PRODUCT_SECONDS,
                                                    true));
            if (limit != null) {
                shapes.putAll(limit.shapes());
            }
            Double limitRate = limit == null ? null : limit.trainingExamplesPerSecond();
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
                            limitRate,
                            limitRate == null ? null : trainRate / limitRate,
                            scoringRates,
                            new SpeedResults.Latency(
                                    Percentiles.of(latencies, 50), Percentiles.of(latencies, 99)),
                            ProcessMemory.now()));
            out.printf(
                    "[%s] train %,.0f examples/s (%.1f%% of its products' limit), score batch 1024"
                            + " %,.0f/s, single p50 %.2f ms%n",
                    name,
                    trainRate,
                    limitRate == null ? Double.NaN : 100 * trainRate / limitRate,
                    scoringRates.get("1024"),
                    Percentiles.of(latencies, 50));
        }
        SpeedResults.PyTorchSpeed pytorch = pytorch(vocabulary.size(), train.length, out);
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
                        shapes,
                        results,
                        pytorch,
                        ProcessMemory.now()));
        folder.writeSummary(summary(started, gemm, shapes, results, pytorch));
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

    /**
     * AutoIFS in PyTorch at B1's sizes on one thread, when an AutoIFS model is measured and PyTorch
     * is installed.
     */
    private SpeedResults.PyTorchSpeed pytorch(int vocabulary, int trainRows, PrintWriter out) {
        if (!models.contains("autoifs") && !models.contains(AUTOIFS_RETRAIN)) {
            return SpeedResults.PyTorchSpeed.absent("no AutoIFS model measured");
        }
        SpeedResults.PyTorchSpeed pytorch =
                PyTorchReference.measure(
                        QualityModels.autoIfs(vocabulary, trainRows),
                        QualityModels.BATCH_SIZE,
                        3,
                        trainSteps);
        if (pytorch.measured()) {
            out.printf(
                    "[pytorch] %s: search %,.0f examples/s, retrain %,.0f examples/s%n",
                    pytorch.detail(), pytorch.rate("autoifs"), pytorch.rate(AUTOIFS_RETRAIN));
        } else {
            out.printf("[pytorch] %s%n", pytorch.detail());
        }
        return pytorch;
    }

    private static void gemmRow(
            MarkdownTable table, ProductRates.ShapeRate r, String layout, ProductRates.Products p) {
        double flops = r.flops(QualityModels.BATCH_SIZE);
        table.row(
                r.in() + " → " + r.out(),
                layout,
                String.format(Locale.ROOT, "%.1f", flops / p.forwardS() / 1e9),
                String.format(Locale.ROOT, "%.1f", flops / p.weightGradientS() / 1e9),
                String.format(Locale.ROOT, "%.1f", flops / p.inputGradientS() / 1e9),
                r.bestLayout().equals(layout) ? "yes" : "");
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
            Instant started,
            double gemm,
            Map<String, ProductRates.ShapeRate> shapes,
            Map<String, SpeedResults.ModelSpeed> results,
            SpeedResults.PyTorchSpeed pytorch) {
        StringBuilder md = new StringBuilder("# B4: training and scoring speed\n\n");
        md.append("Started ")
                .append(started)
                .append(" on ")
                .append(Machine.current().describe())
                .append(". ND4J FLOAT ")
                .append(
                        String.format(
                                Locale.ROOT,
                                "GEMM (1024×1024 by 1024×1024, into a 'c'-ordered result) in the"
                                        + " same run: %.1f GFLOP/s.%n%n",
                                gemm / 1e9));
        md.append(
                "MovieLens-1M, B1 settings of every model, batch 4,096 for training (3 warm-up"
                    + " steps, then timed steps); scoring on test rows. `autoifs` searches (gate"
                    + " network trained), `autoifs-retrain` trains with frozen hard gates. The"
                    + " products' limit is the training examples/s a model would reach if a step"
                    + " took only its matrix products: every layer shape's forward (x·W),"
                    + " weight-gradient (xᵀ·dY) and input-gradient (dY·Wᵀ) product, each at the"
                    + " rate OpenBLAS's sgemm reaches on it in this run, in the weight layout where"
                    + " the three are faster (table below); it counts all three products for every"
                    + " layer, frozen gate layers included, so the retrain's limit is conservative."
                    + " `-` where a model does not list its products.\n\n");
        md.append(SpeedTable.of(results, pytorch).render());
        md.append("\n");
        if (pytorch.measured()) {
            md.append(
                            "PyTorch: the same AutoIFS architecture and sizes written in PyTorch"
                                + " (`autoifs_reference_speed.py`, a benchmark script beside"
                                + " `PyTorchReference`), synthetic batches of the same shapes,"
                                + " Adam, the gate network reading the detached embedding in the"
                                + " search and frozen without autograd in the retrain; ")
                    .append(pytorch.detail())
                    .append(", run by B4 as a subprocess after FlowRec's models.\n\n");
        } else {
            md.append(pytorch.detail()).append(": no PyTorch comparison in this run.\n\n");
        }
        MarkdownTable gemmTable =
                new MarkdownTable(
                        "shape (in → out)",
                        "W layout",
                        "forward GFLOP/s",
                        "weight gradient GFLOP/s",
                        "input gradient GFLOP/s",
                        "in the limit");
        shapes.values()
                .forEach(
                        r -> {
                            gemmRow(gemmTable, r, "[in,out]", r.weightsInOut());
                            gemmRow(gemmTable, r, "[out,in]", r.weightsOutIn());
                        });
        md.append(
                        "OpenBLAS sgemm at batch 4,096, one thread, per layer shape and weight"
                                + " layout (row-major; [out,in] is also DL4J's 'f'-ordered"
                                + " [in,out] and PyTorch's Linear):\n\n")
                .append(gemmTable.render())
                .append(
                        "\n"
                            + "Memory (heap and off-heap in use after each model, peak RSS of the"
                            + " process so far) is in results.json. FLOPs and products count dense"
                            + " layers and the AutoIFS flows vertex; M3oE's hand-written STAR and"
                            + " fusion layers are not counted, so its FLOPs and limit are"
                            + " incomplete.\n");
        return md.toString();
    }
}
