package dev.flowrec.cli.keys;

import dev.flowrec.core.config.Constraint;
import dev.flowrec.core.snapshot.SnapshotKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Writes a new Ed25519 key pair as {@code <key-id>.pem} (PKCS#8, readable by its owner only) and
 * {@code <key-id>.pub} (X.509), and prints the settings that use them. Existing files are never
 * overwritten: a lost private key only means rotating to a new id, an overwritten one breaks every
 * subscriber that trusts it.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Write a new Ed25519 key pair for signing snapshots: <key-id>.pem (private, owner"
                        + " only; for the job's TaskManagers) and <key-id>.pub (public; for"
                        + " serving).")
final class GenerateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder to write the key files to (created if missing)")
    Path out;

    @Option(
            names = "--key-id",
            paramLabel = "ID",
            description =
                    "Id written into every manifest the key signs (snapshots.signing.key-id);"
                            + " default: snapshot-signing-<UTC date>")
    String keyId;

    @Override
    public Integer call() throws IOException {
        String id = keyId != null ? keyId : "snapshot-signing-" + LocalDate.now(ZoneOffset.UTC);
        // The same rule as snapshots.signing.key-id, so the id printed below is accepted there.
        String problem = Constraint.plainName().violation(id);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "--key-id '" + id + "' " + problem);
        }
        Files.createDirectories(out);
        Path privateFile = out.resolve(id + ".pem");
        Path publicFile = out.resolve(id + ".pub");
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p)) {
                throw new ParameterException(
                        spec.commandLine(), p + " exists; keys are never overwritten");
            }
        }
        KeyPair pair = SnapshotKeys.generate();
        SnapshotKeys.writePrivateKey(privateFile, pair.getPrivate());
        SnapshotKeys.writePublicKey(publicFile, pair.getPublic());
        var w = spec.commandLine().getOut();
        w.printf(
                "Wrote the private key %s (owner only) and the public key %s%n",
                privateFile, publicFile);
        w.printf(
                "Job:     -D snapshots.signing.key-id=%s -D"
                        + " snapshots.signing.private-key-file=%s%n",
                id, privateFile);
        w.printf(
                "Serving: SnapshotSubscriber.builder().publicKeyFile(\"%s\", Path.of(\"%s\"))%n",
                id, publicFile);
        w.flush();
        return 0;
    }
}
