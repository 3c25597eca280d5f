package dev.flowrec.core.config;

import java.time.Duration;

/** {@code snapshots.*}: how often and how the trainer publishes model versions. */
public final class SnapshotOptions {
    public static final ConfigOption<Long> INTERVAL_EXAMPLES =
            ConfigOptions.key("snapshots.interval-examples")
                    .longType()
                    .defaultValue(20_000L)
                    .checking(Constraint.atLeast(1L))
                    .withDescription("Publish a snapshot after this many trained examples ...");

    public static final ConfigOption<Duration> INTERVAL =
            ConfigOptions.key("snapshots.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "... or after this much time with at least one trained batch, whichever"
                                    + " comes first.");

    public static final ConfigOption<MemorySize> CHUNK_SIZE =
            ConfigOptions.key("snapshots.chunk-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("900kb"))
                    .checking(
                            Constraint.described(
                                    v ->
                                            v.bytes() >= 1024 && v.bytes() <= 1_000_000 - 4096
                                                    ? null
                                                    : "must be between 1kb and 995904 bytes (below"
                                                            + " Kafka's 1 MB default record limit)",
                                    "[1kb, 995904b]"))
                    .withDescription("Largest chunk of a serialized model in one Kafka record.");

    public static final ConfigOption<Double> MIN_MEAN_AUC =
            ConfigOptions.key("snapshots.min-mean-auc")
                    .doubleType()
                    .defaultValue(0.0)
                    .checking(Constraint.between(0.0, 1.0))
                    .withDescription(
                            "Quality gate: hold back a snapshot whose mean online AUC over the"
                                + " scenario x task cells that have one is below this, that has no"
                                + " such cell yet, or that has a NaN AUC (0 disables the gate).");

    public static final ConfigOption<String> SIGNING_KEY_ID =
            ConfigOptions.key("snapshots.signing.key-id")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.plainName())
                    .withDescription(
                            "Id of the signing key, written into every manifest so subscribers pick"
                                    + " the public key to verify with; a new id per key lets keys"
                                    + " rotate. Required when a private key is set.");

    public static final ConfigOption<String> SIGNING_PRIVATE_KEY_ENV =
            ConfigOptions.key("snapshots.signing.private-key-env")
                    .stringType()
                    .noDefaultValue()
                    .checking(
                            Constraint.described(
                                    v ->
                                            v.matches("[A-Za-z_][A-Za-z0-9_]*")
                                                    ? null
                                                    : "must be an environment variable name",
                                    "[A-Za-z_][A-Za-z0-9_]*"))
                    .withDescription(
                            "Name of an environment variable, set on every TaskManager, holding the"
                                + " Ed25519 private key as PKCS#8 PEM, read by the trainer when it"
                                + " starts. The alternative to a private key file.");

    public static final ConfigOption<String> SIGNING_PRIVATE_KEY_FILE =
            ConfigOptions.key("snapshots.signing.private-key-file")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.notBlank())
                    .withDescription(
                            "Path, on every TaskManager, of the Ed25519 private key (PKCS#8, PEM or"
                                    + " DER; `flowrec keys generate` writes one) that signs every"
                                    + " manifest. Read by the trainer when it starts, so the key"
                                    + " never travels in the job graph. Set this or "
                                    + SIGNING_PRIVATE_KEY_ENV.key()
                                    + "; with neither, snapshots are unsigned.");

    private SnapshotOptions() {}
}
