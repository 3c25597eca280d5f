package dev.flowrec.core.snapshot;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.SnapshotOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the job's signing key is, as {@code snapshots.signing.*} says: a file or an environment
 * variable, and the key id. Only the location travels with the job's settings; the key is read
 * where it is used ({@link #load()}, in the trainer on the TaskManager), so it never enters the job
 * graph, a command line or a log.
 *
 * <pre>{@code
 * Optional<SigningKeyLocation> where = SigningKeyLocation.of(config); // at start: checks options
 * SnapshotSigner signer = where.orElseThrow().load();                 // in the operator
 * }</pre>
 *
 * @param keyId the id written into every manifest
 * @param file the private key file, or null
 * @param environmentVariable the variable holding the private key PEM, or null
 */
public record SigningKeyLocation(String keyId, Path file, String environmentVariable) {

    /**
     * The location configured, or empty when snapshots are unsigned. Reads no key.
     *
     * @throws ConfigException naming both keys when a file and a variable are both set, and naming
     *     {@code snapshots.signing.key-id} when it is missing beside a key or set without one
     */
    public static Optional<SigningKeyLocation> of(FlowRecConfig config) {
        Optional<String> file = config.getOptional(SnapshotOptions.SIGNING_PRIVATE_KEY_FILE);
        Optional<String> env = config.getOptional(SnapshotOptions.SIGNING_PRIVATE_KEY_ENV);
        Optional<String> keyId = config.getOptional(SnapshotOptions.SIGNING_KEY_ID);
        if (file.isPresent() && env.isPresent()) {
            throw new ConfigException(
                    "Configuration keys '"
                            + SnapshotOptions.SIGNING_PRIVATE_KEY_FILE.key()
                            + "' and '"
                            + SnapshotOptions.SIGNING_PRIVATE_KEY_ENV.key()
                            + "' are both set; set one");
        }
        if (file.isEmpty() && env.isEmpty()) {
            if (keyId.isPresent()) {
                throw new ConfigException(
                        "Configuration key '"
                                + SnapshotOptions.SIGNING_KEY_ID.key()
                                + "' is set but neither '"
                                + SnapshotOptions.SIGNING_PRIVATE_KEY_FILE.key()
                                + "' nor '"
                                + SnapshotOptions.SIGNING_PRIVATE_KEY_ENV.key()
                                + "' is: there is no key to sign with");
            }
            return Optional.empty();
        }
        if (keyId.isEmpty()) {
            throw new ConfigException(
                    "Missing configuration key '"
                            + SnapshotOptions.SIGNING_KEY_ID.key()
                            + "': a signing key needs an id, so subscribers can pick its public"
                            + " key");
        }
        return Optional.of(
                new SigningKeyLocation(
                        keyId.get(), file.map(Path::of).orElse(null), env.orElse(null)));
    }

    /**
     * Reads the key from its file or variable.
     *
     * @throws IllegalStateException naming the file or variable (never its content) when it is
     *     missing, unreadable or not an Ed25519 private key
     */
    public SnapshotSigner load() {
        return load(System::getenv);
    }

    SnapshotSigner load(UnaryOperator<String> environment) {
        try {
            if (file != null) {
                return SnapshotSigner.of(keyId, SnapshotKeys.readPrivateKey(file));
            }
            String pem = environment.apply(environmentVariable);
            if (pem == null || pem.isBlank()) {
                throw new IllegalStateException(
                        "environment variable "
                                + environmentVariable
                                + " ("
                                + SnapshotOptions.SIGNING_PRIVATE_KEY_ENV.key()
                                + ") is not set or empty in this process");
            }
            return SnapshotSigner.of(
                    keyId, SnapshotKeys.privateKey(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException && e.getCause() == null) {
                throw e;
            }
            throw new IllegalStateException(
                    "loading the snapshot signing key "
                            + keyId
                            + " from "
                            + where()
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    private String where() {
        return file != null ? "file " + file : "environment variable " + environmentVariable;
    }
}
