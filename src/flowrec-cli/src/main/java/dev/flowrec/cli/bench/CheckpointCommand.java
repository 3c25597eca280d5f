package dev.flowrec.cli.bench;

import dev.flowrec.bench.checkpoint.CheckpointCost;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowrec bench checkpoint}: the options of {@link CheckpointCost}. */
@Command(
        name = "checkpoint",
        mixinStandardHelpOptions = true,
        description =
                "Trainer checkpoint cost at the default model: bytes, time on the task thread, time"
                        + " encoding off it.")
public final class CheckpointCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--rounds",
            defaultValue = "10",
            description = "Checkpoints measured after one warm-up (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--set", description = "A configuration override, key=value (repeatable).")
    Map<String, String> settings = Map.of();

    @Override
    public Integer call() {
        new CheckpointCost(settings, rounds).run(spec.commandLine().getOut());
        return 0;
    }
}
