package dev.flowrec.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code flowrec bench}: the benchmarks (B1 model quality on the paper protocol, B3 delayed-label
 * policies, B4 training and scoring speed and its serving half, B6 faults on a standalone cluster),
 * each writing a report folder. The commands keep the benchmark numbers reports use (b1, b3, b4)
 * and answer to what they measure too (quality, delayed-feedback, speed); the benchmarks themselves
 * live in flowrec-bench.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Run a benchmark: B1 model quality, B3 delayed labels, B4 speed (training and"
                        + " serving), B6 faults.",
        subcommands = {
            QualityCommand.class,
            DelayedFeedbackCommand.class,
            SpeedCommand.class,
            ServingCommand.class,
            CheckpointCommand.class,
            FaultCommand.class
        })
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
