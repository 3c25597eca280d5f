package dev.flowrec.cli.bench;

import dev.flowrec.bench.quality.QualityBenchmark;
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

/** {@code flowrec bench b1}: the options of {@link QualityBenchmark}. */
@Command(
        name = "b1",
        aliases = "quality",
        mixinStandardHelpOptions = true,
        description =
                "B1: test AUC/logloss per scenario x task on MovieLens-1M (paper protocol),"
                        + " resumable.")
public final class QualityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolderOption data;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "shared-bottom",
            description = "Models to run, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(
            names = "--state",
            description =
                    "Where runs keep their progress (default: bench-state/B1, "
                            + "bench-state/B1-m3oe-sequential for --split m3oe-sequential).")
    Path state;

    @Option(
            names = "--report",
            description =
                    "Report folder (default: docs/benchmarks/B1-movielens-1m,"
                            + " docs/benchmarks/B1-movielens-1m-m3oe-sequential for --split"
                            + " m3oe-sequential).")
    Path report;

    @Option(
            names = "--split",
            defaultValue = "autoifs",
            description =
                    "autoifs: the paper protocol's random split, every model; m3oe-sequential:"
                        + " M3oE's own reference protocol (sequential split, batch 40,960, patience"
                        + " 10), model m3oe only (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(
            names = "--seed",
            defaultValue = "2022",
            description =
                    "Seed of the m3oe-sequential run: initialisation "
                            + "and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--speed",
            defaultValue = "docs/benchmarks/B4-speed/results.json",
            description =
                    "B4's results, whose speed table the B1 report repeats when the file exists"
                            + " (default: ${DEFAULT-VALUE}).")
    Path speed;

    @Option(
            names = "--max-epochs",
            defaultValue = "50",
            description =
                    "Epoch cap per model; AutoIFS's search epochs do not count, so it retrains for"
                        + " up to this many, as the reference does (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Override
    public Integer call() throws Exception {
        QualityBenchmark benchmark =
                new QualityBenchmark(
                        data.folder(), models, state, report, split, seed, speed, maxEpochs);
        try {
            benchmark.run(spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
