package dev.flowrec.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code flowrec bench}: the benchmarks (B1 model quality on the paper protocol, B3 delayed-label
 * policies, B4 training and scoring speed), each writing a report folder.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark (benchmark.md).",
        subcommands = {B1Command.class, B3Command.class, B4Command.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
