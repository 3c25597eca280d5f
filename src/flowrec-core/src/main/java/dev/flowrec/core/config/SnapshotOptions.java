package dev.flowrec.core.config;

import java.time.Duration;
import java.util.Map;

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

    public static final ConfigOption<Integer> GATE_WINDOW_EXAMPLES =
            ConfigOptions.key("snapshots.gate.window-examples")
                    .intType()
                    .defaultValue(10_000)
                    .checking(Constraint.between(1, 1_000_000))
                    .withDescription(
                            "Quality gate: the window it judges holds, per scenario x task cell,"
                                    + " this many of the most recent predictions whose final label"
                                    + " is known (about 5 bytes each in memory and checkpoints)."
                                    + " Its figures are published as metrics and in every"
                                    + " manifest's provenance, whether a floor is set or not.");

    public static final ConfigOption<Integer> GATE_MIN_EXAMPLES =
            ConfigOptions.key("snapshots.gate.min-examples")
                    .intType()
                    .defaultValue(1_000)
                    .checking(Constraint.atLeast(1))
                    .withDescription(
                            "Quality gate: a cell is judged only once its window holds this many"
                                    + " final-labelled examples, of both classes; at most "
                                    + GATE_WINDOW_EXAMPLES.key()
                                    + " (a smaller window lowers the default to its size).");

    public static final ConfigOption<Double> GATE_MIN_AUC =
            ConfigOptions.key("snapshots.gate.min-auc")
                    .doubleType()
                    .noDefaultValue()
                    .checking(Constraint.between(0.0, 1.0))
                    .withDescription(
                            "Quality gate: withhold a snapshot when a judged cell's windowed"
                                    + " final-label AUC is below this. Unset: no floor. While any"
                                    + " bound of the gate is set (a floor, the log-loss ceiling or"
                                    + " the calibration band), a snapshot is also withheld as long"
                                    + " as no cell a bound applies to has enough final labels to be"
                                    + " judged (see "
                                    + GATE_MIN_EXAMPLES.key()
                                    + "), the first snapshot of a lineage included. A NaN or"
                                    + " infinite windowed figure withholds a snapshot whatever is"
                                    + " set.");

    public static final ConfigOption<Map<String, Double>> GATE_MIN_AUC_PER_CELL =
            ConfigOptions.key("snapshots.gate.min-auc-per-cell")
                    .doubleMapType()
                    .noDefaultValue()
                    .checking(
                            Constraint.described(
                                    SnapshotOptions::cellFloorViolation,
                                    "`scenario/task:auc` pairs, comma-separated, auc in [0, 1]"))
                    .withDescription(
                            "Quality gate: AUC floors of single cells, such as"
                                    + " `feed/click:0.62,search/conversion:0.55`, overriding "
                                    + GATE_MIN_AUC.key()
                                    + " for those cells (0 exempts a cell). Every cell must be one"
                                    + " of the configured scenarios and tasks.");

    public static final ConfigOption<Double> GATE_MAX_LOGLOSS =
            ConfigOptions.key("snapshots.gate.max-logloss")
                    .doubleType()
                    .noDefaultValue()
                    .checking(Constraint.finitePositive())
                    .withDescription(
                            "Quality gate: withhold a snapshot when a judged cell's windowed"
                                    + " final-label log loss (nats) is above this. Unset: no"
                                    + " ceiling.");

    public static final ConfigOption<Double> GATE_CALIBRATION_BAND =
            ConfigOptions.key("snapshots.gate.calibration-band")
                    .doubleType()
                    .noDefaultValue()
                    .checking(Constraint.finitePositive())
                    .withDescription(
                            "Quality gate: withhold a snapshot when a judged cell's windowed"
                                    + " calibration (mean prediction / positive rate) lies outside"
                                    + " [1/(1+b), 1+b] for this b; 0.25 accepts 0.8 to 1.25."
                                    + " Unset: no band.");

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

    private static String cellFloorViolation(Map<String, Double> floors) {
        for (Map.Entry<String, Double> floor : floors.entrySet()) {
            if (!floor.getKey().matches("[^/]+/[^/]+")) {
                return "'" + floor.getKey() + "' is not a cell <scenario>/<task>";
            }
            if (!(floor.getValue() >= 0.0 && floor.getValue() <= 1.0)) {
                return "the floor of " + floor.getKey() + " must be between 0.0 and 1.0";
            }
        }
        return null;
    }
}
