package dev.flowrec.cli.keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowrec keys}: snapshot signing keys. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Snapshot signing keys (Ed25519).",
        subcommands = {GenerateCommand.class})
public final class KeysCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
