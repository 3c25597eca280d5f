package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.data.movielens.MovieLensReplay;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark B3: the label join's emission policies (wait, vanilla, fake-negative, es-dfm, defer)
 * with their loss corrections (FNW, FNC, ES-DFM and DEFER weights) against each other and against
 * an oracle that trains on final labels at impression time, scored on final labels, per dataset.
 * Drives the pure join rules and the trainer in one process (no Kafka, no Flink). Resumable: each
 * finished method is saved under {@code state} and skipped by a rerun.
 *
 * @param data folder holding movielens-1m/
 * @param datasets streams to run, from {@link #DATASETS}
 * @param impressions impressions per stream
 * @param methods only these methods (names as in the report); null for all
 * @param learningRate Adam learning rate of the main model, as model.learning-rate takes it
 * @param batchSize training batch size, as model.batch-size takes it
 * @param state where finished methods are kept
 * @param reports parent of the B3-&lt;dataset&gt; report folders
 */
public record DelayedFeedbackBenchmark(
        Path data,
        List<String> datasets,
        int impressions,
        List<String> methods,
        String learningRate,
        String batchSize,
        Path state,
        Path reports) {
    /** The streams B3 knows, by name. */
    public static final List<String> DATASETS =
            List.of(SyntheticGenerator.NAME, MovieLensReplay.NAME);

    /**
     * Runs every method not saved yet on every dataset, printing progress to {@code out}, and
     * rewrites each dataset's report after every method.
     *
     * @throws IllegalArgumentException for an unknown dataset
     */
    public void run(PrintWriter out) throws IOException {
        Instant started = Instant.now();
        for (String name : datasets) {
            DelayedStream dataset =
                    switch (name) {
                        case SyntheticGenerator.NAME -> DelayedStream.synthetic();
                        case MovieLensReplay.NAME -> DelayedStream.movieLens(data);
                        default ->
                                throw new IllegalArgumentException(
                                        "Unknown dataset '"
                                                + name
                                                + "' for --datasets (known: "
                                                + String.join(", ", DATASETS)
                                                + ")");
                    };
            Map<String, String> settings = new HashMap<>(dataset.settings());
            settings.putAll(
                    Map.of(
                            "model.embedding-dim",
                            "8",
                            "model.hidden-sizes",
                            "64,32",
                            "model.tower-sizes",
                            "16",
                            "model.batch-size",
                            batchSize,
                            "model.hash-buckets",
                            "4096",
                            "model.learning-rate",
                            learningRate));
            FlowRecConfig config = FlowRecConfig.of(settings);
            MethodRun run = new MethodRun(dataset, config);
            SavedOutcomes saved =
                    new SavedOutcomes(
                            state.resolve(
                                    name
                                            + "-"
                                            + impressions
                                            + "-lr"
                                            + learningRate
                                            + "-b"
                                            + batchSize));
            Map<LabelMethod, MethodRun.Outcome> outcomes = new LinkedHashMap<>();
            for (LabelMethod method : LabelMethod.ALL) {
                if (methods != null && !methods.contains(method.name())) {
                    continue;
                }
                var previous = saved.load(method);
                MethodRun.Outcome outcome =
                        previous.isPresent()
                                ? previous.get()
                                : run.run(method, impressions, impressions / 10);
                if (previous.isEmpty()) {
                    saved.save(method, outcome);
                }
                outcomes.put(method, outcome);
                out.printf(
                        Locale.ROOT,
                        "[%s] %-24s %s mean final-label AUC %.4f (%,d examples trained, %.0f s)%n",
                        name,
                        method.name(),
                        previous.isPresent() ? "saved" : "ran",
                        outcome.finalLabels().meanAuc(),
                        outcome.examplesTrained(),
                        outcome.seconds());
                out.flush();
                new DelayedFeedbackReport(dataset, config, impressions, started, outcomes)
                        .write(new ReportFolder(reports.resolve("B3-" + name)));
            }
        }
        out.printf(
                "Reports written under %s (machine: %s)%n",
                reports.toAbsolutePath(), Machine.current().describe());
    }

    /** Mean over scenarios of one task's figure, NaN cells skipped. */
    static double taskMean(
            EvaluationReport report,
            String task,
            java.util.function.ToDoubleFunction<CellReport> f) {
        return report.cells().entrySet().stream()
                .filter(e -> e.getKey().endsWith("/" + task))
                .mapToDouble(e -> f.applyAsDouble(e.getValue()))
                .filter(d -> !Double.isNaN(d))
                .average()
                .orElse(Double.NaN);
    }

    /** Share of the vanilla-to-oracle gap a method closes: 0 is vanilla, 1 the oracle. */
    static double gapRecovered(double method, double vanilla, double oracle) {
        return (method - vanilla) / (oracle - vanilla);
    }

    static String percent(double share) {
        return Double.isNaN(share) || Double.isInfinite(share)
                ? "n/a"
                : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
