package dev.flowrec.cli.bench;

import dev.flowrec.bench.serving.ServingBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flowrec bench serving}: the options of {@link ServingBenchmark}. */
@Command(
        name = "serving",
        aliases = "b4-serving",
        mixinStandardHelpOptions = true,
        description =
                "B4, serving half: Scorer and HTTP latency, batch throughput against the"
                        + " dense-math limit, scaling over threads and swap time, through a real"
                        + " broker, subscriber and server (HTTP figures need wrk).")
public final class ServingCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "autoifs,shared-bottom,mmoe,ple,m3oe,dtrn",
            description = "Model types to serve (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description =
                    "Length of each timed loop, after a warm-up of a third of it (default:"
                            + " ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--threads",
            split = ",",
            defaultValue = "1,2,4",
            description = "Scoring thread counts for the scaling runs (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(
            names = "--swaps",
            defaultValue = "20",
            description =
                    "Versions published while scoring, for swap times (default: ${DEFAULT-VALUE}).")
    int swaps;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description =
                    "A FlowRec option for the models, e.g. model.autoifs.bottom-sizes=512,256;"
                            + " repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--report",
            defaultValue = "docs/benchmarks/B4-serving",
            description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1
                || swaps < 1
                || threads.isEmpty()
                || threads.stream().anyMatch(t -> t < 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--seconds and --swaps must be at least 1, --threads positive counts");
        }
        try {
            new ServingBenchmark(
                            models, Duration.ofSeconds(seconds), threads, swaps, settings, report)
                    .run(spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
