package dev.flowrec.cli.serve;

import dev.flowrec.serving.SnapshotSubscriberBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Everything {@code flowrec serve} knows about snapshot signatures, in one place: the key is read
 * from a file or the environment, never from the command line (which {@code ps} shows to every user
 * of the host) and never logged.
 */
final class SigningOption {

    static final String ENVIRONMENT = "FLOWREC_SIGNING_KEY";

    @Option(
            names = "--signing-key-file",
            paramLabel = "PATH",
            description =
                    "File holding the key of snapshots.signing-key (surrounding whitespace"
                            + " ignored); unsigned and forged snapshots are then refused. Default:"
                            + " the "
                            + ENVIRONMENT
                            + " environment variable; with neither, signatures are not checked.")
    Path keyFile;

    /** Configures signature checks on the subscriber, if a key is given. */
    void applyTo(SnapshotSubscriberBuilder subscriber, Map<String, String> environment) {
        String key;
        if (keyFile != null) {
            try {
                key = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "reading the signing key file " + keyFile + " failed", e);
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("the signing key file " + keyFile + " is empty");
            }
        } else {
            key = environment.get(ENVIRONMENT);
        }
        if (key != null && !key.isEmpty()) {
            subscriber.signingKey(key);
        }
    }
}
