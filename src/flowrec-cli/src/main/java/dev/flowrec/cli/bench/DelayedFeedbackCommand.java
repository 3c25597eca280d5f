package dev.flowrec.cli.bench;

import dev.flowrec.bench.delayedfeedback.DelayedFeedbackBenchmark;
import dev.flowrec.cli.DataFolderOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flowrec bench b3}: the options of {@link DelayedFeedbackBenchmark}. */
@Command(
        name = "b3",
        aliases = "delayed-feedback",
        mixinStandardHelpOptions = true,
        description =
                "B3: final-label AUC/logloss/calibration of each delayed-label policy + correction"
                        + " and the oracle.")
public final class DelayedFeedbackCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolderOption data;

    @Option(
            names = "--datasets",
            split = ",",
            defaultValue = "synthetic,movielens-1m",
            description = "Streams to run: synthetic, movielens-1m (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(
            names = "--impressions",
            defaultValue = "60000",
            description = "Impressions per stream (default: ${DEFAULT-VALUE}).")
    int impressions;

    @Option(
            names = "--methods",
            split = ",",
            description = "Only these methods (names as in the report; default: all).")
    List<String> methods;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.003",
            description = "Adam learning rate of the main model (default: ${DEFAULT-VALUE}).")
    String learningRate;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Training batch size (default: ${DEFAULT-VALUE}).")
    String batchSize;

    @Option(
            names = "--state",
            defaultValue = "bench-state/B3",
            description = "Where finished methods are kept (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(
            names = "--reports",
            defaultValue = "docs/benchmarks",
            description = "Parent of the B3-<dataset> report folders (default: ${DEFAULT-VALUE}).")
    Path reports;

    @Override
    public Integer call() throws Exception {
        DelayedFeedbackBenchmark benchmark =
                new DelayedFeedbackBenchmark(
                        data.folder(),
                        datasets,
                        impressions,
                        methods,
                        learningRate,
                        batchSize,
                        state,
                        reports);
        try {
            benchmark.run(spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
