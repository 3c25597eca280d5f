package dev.flowrec.cli;

import dev.flowrec.cli.bench.BenchCommand;
import dev.flowrec.cli.demo.DemoCommand;
import dev.flowrec.cli.job.JobCommand;
import dev.flowrec.cli.keys.KeysCommand;
import dev.flowrec.cli.serve.ServeCommand;
import dev.flowrec.core.config.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowrec} command. Run through the {@code ./flowrec} launcher at the repository root.
 */
@Command(
        name = "flowrec",
        mixinStandardHelpOptions = true,
        version = "FlowRec 0.1.0-SNAPSHOT",
        description = "Streaming online learning for multi-scenario multi-task recommendation.",
        subcommands = {
            DemoCommand.class,
            JobCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            KeysCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FlowRecCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(
                new CommandLine(new FlowRecCli())
                        .registerConverter(Duration.class, Durations::parse)
                        .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
