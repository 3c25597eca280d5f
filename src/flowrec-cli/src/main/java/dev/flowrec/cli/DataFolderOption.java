package dev.flowrec.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option of every command that reads a data set from disk. The data sets' terms
 * forbid redistribution, so they are read where they lie and never copied into the repository.
 */
public final class DataFolderOption {
    @Option(
            names = "--data",
            defaultValue = "../shared/data",
            description =
                    "Folder holding the data sets (movielens-1m/,"
                            + " movielens-1m-reference-splits/, ...) (default: ${DEFAULT-VALUE}).")
    Path folder;

    public Path folder() {
        return folder;
    }
}
