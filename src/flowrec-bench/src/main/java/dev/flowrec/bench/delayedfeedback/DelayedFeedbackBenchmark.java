package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark B3: the delayed-label policies and corrections of delayed-labels.md against each other
 * and against an oracle, on final labels, per dataset. Drives the pure join rules and the trainer
 * in one process (no Kafka, no Flink). Resumable: each finished method is saved under
 * {@code --state} and skipped by a rerun.
 */
@Command(name = "b3", mixinStandardHelpOptions = true,
        description = "B3: final-label AUC/logloss/calibration of each delayed-label policy + correction and the oracle.")
public final class B3Command implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", defaultValue = "../shared/data", description = "Folder holding movielens-1m/ (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--datasets", split = ",", defaultValue = "synthetic,movielens-1m",
            description = "Streams to run: synthetic, movielens-1m (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(names = "--impressions", defaultValue = "60000", description = "Impressions per stream (default: ${DEFAULT-VALUE}).")
    int impressions;

    @Option(names = "--methods", split = ",", description = "Only these methods (names as in the report; default: all).")
    List<String> methods;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam learning rate of the main model (default: ${DEFAULT-VALUE}).")
    String learningRate;

    @Option(names = "--batch-size", defaultValue = "128", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    String batchSize;

    @Option(names = "--state", defaultValue = "bench-state/B3", description = "Where finished methods are kept (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--reports", defaultValue = "docs/benchmarks", description = "Parent of the B3-<dataset> report folders (default: ${DEFAULT-VALUE}).")
    Path reports;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Instant started = Instant.now();
        for (String name : datasets) {
            B3Dataset dataset = switch (name) {
                case "synthetic" -> B3Dataset.synthetic();
                case "movielens-1m" -> B3Dataset.movieLens(data);
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Unknown dataset '" + name + "' for --datasets (known: synthetic, movielens-1m)");
            };
            Map<String, String> settings = new HashMap<>(dataset.settings());
            settings.putAll(Map.of("model.embedding-dim", "8", "model.hidden-sizes", "64,32", "model.tower-sizes", "16",
                    "model.batch-size", batchSize, "model.hash-buckets", "4096", "model.learning-rate", learningRate));
            FlowRecConfig config = FlowRecConfig.of(settings);
            B3Run run = new B3Run(dataset, config);
            B3Outcomes saved = new B3Outcomes(state.resolve(name + "-" + impressions + "-lr" + learningRate
                    + "-b" + batchSize));
            Map<B3Method, B3Run.Outcome> outcomes = new LinkedHashMap<>();
            for (B3Method method : B3Method.ALL) {
                if (methods != null && !methods.contains(method.name())) {
                    continue;
                }
                var previous = saved.load(method);
                B3Run.Outcome outcome = previous.isPresent() ? previous.get() : run.run(method, impressions, impressions / 10);
                if (previous.isEmpty()) {
                    saved.save(method, outcome);
                }
                outcomes.put(method, outcome);
                out.printf(Locale.ROOT, "[%s] %-24s %s mean final-label AUC %.4f (%,d examples trained, %.0f s)%n",
                        name, method.name(), previous.isPresent() ? "saved" : "ran", outcome.finalLabels().meanAuc(),
                        outcome.examplesTrained(), outcome.seconds());
                out.flush();
                new B3Report(dataset, config, impressions, started, outcomes)
                        .write(new ReportFolder(reports.resolve("B3-" + name)));
            }
        }
        out.printf("Reports written under %s (machine: %s)%n", reports.toAbsolutePath(), Machine.current().describe());
        return 0;
    }

    /** Mean over scenarios of one task's figure, NaN cells skipped. */
    static double taskMean(EvaluationReport report, String task, java.util.function.ToDoubleFunction<CellReport> f) {
        return report.cells().entrySet().stream().filter(e -> e.getKey().endsWith("/" + task))
                .mapToDouble(e -> f.applyAsDouble(e.getValue())).filter(d -> !Double.isNaN(d)).average()
                .orElse(Double.NaN);
    }

    /** Share of the vanilla-to-oracle gap a method closes: 0 is vanilla, 1 the oracle. */
    static double gapRecovered(double method, double vanilla, double oracle) {
        return (method - vanilla) / (oracle - vanilla);
    }

    static String percent(double share) {
        return Double.isNaN(share) || Double.isInfinite(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

}
