package dev.flowrec.cli.serve;

import dev.flowrec.serving.SnapshotSubscriberBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Everything {@code flowrec serve} knows about snapshot signatures, in one place: the public keys
 * it trusts, each under the key id the job signs with ({@code snapshots.signing.key-id}). Public
 * keys are no secret, so they may be named on the command line; the private key never comes near a
 * serving host.
 */
final class SigningOption {

    @Option(
            names = "--public-key",
            paramLabel = "KEY_ID=PATH",
            description =
                    "A public key the job signs snapshots with, under its key id (PEM or DER, as"
                            + " `flowrec keys generate` writes it); repeat it to trust several"
                            + " during a key rotation. Unsigned, forged and unknown-key snapshots"
                            + " are then refused; with none, signatures are not checked.")
    Map<String, Path> publicKeys = new LinkedHashMap<>();

    /** Configures signature checks on the subscriber, if keys are given. */
    void applyTo(SnapshotSubscriberBuilder subscriber) {
        publicKeys.forEach(subscriber::publicKeyFile);
    }
}
