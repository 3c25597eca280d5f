package dev.flowrec.cli.bench;

import dev.flowrec.bench.speed.SpeedBenchmark;
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

/** {@code flowrec bench b4}: the options of {@link SpeedBenchmark}. */
@Command(
        name = "b4",
        aliases = "speed",
        mixinStandardHelpOptions = true,
        description =
                "B4: training and scoring speed per model on MovieLens-1M batches, one run, ratios"
                        + " to AutoIFS.")
public final class SpeedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolderOption data;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "autoifs,autoifs-retrain,shared-bottom,mmoe,ple,m3oe,dtrn",
            description = "Models to measure (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(
            names = "--train-steps",
            defaultValue = "12",
            description =
                    "Timed training steps per model, after 3 warm-up steps (default:"
                            + " ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(
            names = "--report",
            defaultValue = "docs/benchmarks/B4-speed",
            description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        try {
            new SpeedBenchmark(data.folder(), models, trainSteps, report)
                    .run(spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
