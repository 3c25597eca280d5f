package dev.flowrec.models;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The self-describing byte format of a model. Layout of version 3 (big-endian, as {@link
 * DataOutputStream} writes it):
 *
 * <pre>
 * int     MAGIC ("FRMA")
 * int     format version (CURRENT_VERSION)
 * string  payload format name (FORMAT, "dl4j-zip")
 * header: string model type value; int n + n strings scenarios; int n + n strings tasks;
 *         string feature-spec canonical text; int embeddingDim; int n + n ints hiddenSizes;
 *         int n + n ints towerSizes; double learningRate; double l2; long seed;
 *         int embeddingRows;                                               (since version 2)
 *         AutoIFS: int loraRank; int n + n ints bottomSizes; int scenarioSize;
 *         long searchExamples; int temperatureSteps; double finalTemperature;
 *         double rewindFraction; double gateLearningRateFactor;
 *         double retrainLearningRate; double retrainL2;                    (since version 3)
 *         long researchInterval; int flowReportWindow;                     (since version 2)
 *         boolean withOptimizerState
 * int     model state length, then the model state                          (since version 2)
 * int     payload length, then the payload (a DL4J ModelSerializer zip)
 * int     CRC-32 of the model state followed by the payload (version 1: of the payload)
 * </pre>
 *
 * Strings are an int byte length followed by UTF-8 (not {@code writeUTF}, whose 64 KiB limit a
 * feature spec with many fields could reach). The header is readable without touching DL4J, so a
 * serving process can check the feature spec before it pays for loading the network. The model
 * state is whatever a model keeps besides its network, in the model's own format (empty for
 * Shared-Bottom; AutoIFS keeps its search phase and counters there), so that no model has to
 * rewrite DL4J's zip to carry it.
 *
 * <p>Readers reject a wrong magic number, a format version outside 1..{@link #CURRENT_VERSION}
 * (naming the found and the supported versions), an unknown payload format, a truncated or
 * over-long buffer and a payload whose CRC does not match. A reader for version N keeps reading
 * every version below N: version 1 decodes with {@code embeddingRows} 0, the default AutoIFS
 * settings and an empty model state; version 2 with the default AutoIFS retrain learning rate and
 * L2. A version-1 artifact is kept in the test resources
 * ({@code golden/shared-bottom-v1.frma}) and must keep decoding and scoring identically.
 */
public final class ModelArtifact {
    /** "FRMA": FlowRec model artifact. */
    public static final int MAGIC = 0x46524D41;

    /** The format version this build writes; it reads this one and every earlier one. */
    public static final int CURRENT_VERSION = 3;

    /** The oldest format version this build reads. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private static final byte[] NO_STATE = new byte[0];

    /** Name of the payload format, for manifests: a DL4J {@code ModelSerializer} zip. */
    public static final String FORMAT = "dl4j-zip";

    private final ModelSettings settings;
    private final boolean withOptimizerState;
    private final byte[] modelState;
    private final byte[] payload;

    /**
     * @param settings how the model was built
     * @param withOptimizerState whether the payload carries the updater state (checkpoints) or not
     *     (serving snapshots)
     * @param payload the DL4J zip; kept by reference, not copied
     */
    public ModelArtifact(ModelSettings settings, boolean withOptimizerState, byte[] payload) {
        this(settings, withOptimizerState, NO_STATE, payload);
    }

    /**
     * @param settings how the model was built
     * @param withOptimizerState whether the payload carries the updater state (checkpoints) or not
     *     (serving snapshots)
     * @param modelState the model's state besides its network, in its own format; kept by reference
     * @param payload the DL4J zip; kept by reference, not copied
     */
    public ModelArtifact(ModelSettings settings, boolean withOptimizerState, byte[] modelState, byte[] payload) {
        if (settings == null || payload == null || modelState == null) {
            throw new IllegalArgumentException("settings, model state and payload must not be null, got settings="
                    + settings + " modelState=" + (modelState == null ? "null" : modelState.length + " bytes")
                    + " payload=" + (payload == null ? "null" : payload.length + " bytes"));
        }
        this.settings = settings;
        this.withOptimizerState = withOptimizerState;
        this.modelState = modelState;
        this.payload = payload;
    }

    public ModelSettings settings() {
        return settings;
    }

    public boolean withOptimizerState() {
        return withOptimizerState;
    }

    /** The model's own state besides its network (empty for most models), by reference. */
    public byte[] modelState() {
        return modelState;
    }

    /** The DL4J zip, by reference: callers must not modify it. */
    public byte[] payload() {
        return payload;
    }

    /** Encodes this artifact in format {@link #CURRENT_VERSION}. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(CURRENT_VERSION);
            writeString(out, FORMAT);
            writeString(out, settings.type().value());
            writeStrings(out, settings.space().scenarios());
            writeStrings(out, settings.space().tasks());
            writeString(out, settings.features().canonical());
            out.writeInt(settings.embeddingDim());
            writeInts(out, settings.hiddenSizes());
            writeInts(out, settings.towerSizes());
            out.writeDouble(settings.learningRate());
            out.writeDouble(settings.l2());
            out.writeLong(settings.seed());
            out.writeInt(settings.embeddingRows());
            writeAutoIfs(out, settings.autoIfs());
            out.writeBoolean(withOptimizerState);
            out.writeInt(modelState.length);
            out.write(modelState);
            out.writeInt(payload.length);
            out.write(payload);
            out.writeInt(crc(modelState, payload));
        } catch (IOException e) {
            throw new UncheckedIOException("writing a model artifact to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an artifact written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException when the bytes are not a readable artifact; the message says why
     */
    public static ModelArtifact fromBytes(byte[] artifact) {
        if (artifact == null || artifact.length < 8) {
            throw new IllegalArgumentException("not a FlowRec model artifact: "
                    + (artifact == null ? "null" : artifact.length + " bytes") + " is too short for the 8-byte preamble");
        }
        ByteBuffer preamble = ByteBuffer.wrap(artifact, 0, 8);
        int magic = preamble.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "not a FlowRec model artifact: magic 0x%08X, expected 0x%08X", magic, MAGIC));
        }
        int version = preamble.getInt();
        if (version < OLDEST_READABLE_VERSION || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("model artifact format version " + version
                    + " is not supported; this reader supports versions " + OLDEST_READABLE_VERSION + " to "
                    + CURRENT_VERSION);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(artifact, 8, artifact.length - 8))) {
            String format = readString(in);
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("model artifact payload format '" + format
                        + "' is not supported; this reader supports '" + FORMAT + "'");
            }
            ModelType type = parseType(readString(in));
            ScenarioTaskSpace space = new ScenarioTaskSpace(readStrings(in), readStrings(in));
            FeatureSpec features = FeatureSpec.parse(readString(in));
            int embeddingDim = in.readInt();
            List<Integer> hidden = readInts(in);
            List<Integer> tower = readInts(in);
            double learningRate = in.readDouble();
            double l2 = in.readDouble();
            long seed = in.readLong();
            int embeddingRows = 0;
            AutoIfsSettings autoIfs = AutoIfsSettings.defaults();
            if (version >= 2) {
                embeddingRows = in.readInt();
                autoIfs = readAutoIfs(in, version);
            }
            boolean withOptimizerState = in.readBoolean();
            byte[] modelState = version >= 2 ? readBytes(in) : NO_STATE;
            byte[] payload = readBytes(in);
            int expectedCrc = in.readInt();
            if (in.available() != 0) {
                throw new IllegalArgumentException("model artifact has " + in.available()
                        + " unexpected bytes after the payload CRC");
            }
            int actualCrc = crc(modelState, payload);
            if (actualCrc != expectedCrc) {
                throw new IllegalArgumentException(String.format(
                        "model artifact payload is corrupt: CRC-32 0x%08X, header says 0x%08X", actualCrc, expectedCrc));
            }
            ModelSettings settings = new ModelSettings(type, space, features, embeddingDim, hidden, tower,
                    learningRate, l2, seed, embeddingRows, autoIfs);
            return new ModelArtifact(settings, withOptimizerState, modelState, payload);
        } catch (EOFException e) {
            throw new IllegalArgumentException("model artifact is truncated (" + artifact.length + " bytes)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a model artifact from memory failed", e);
        }
    }

    private static ModelType parseType(String value) {
        for (ModelType t : ModelType.values()) {
            if (t.value().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("model artifact has unknown model type '" + value + "'; known: "
                + Arrays.stream(ModelType.values()).map(ModelType::value).toList());
    }

    private static int crc(byte[] state, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(state);
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static void writeAutoIfs(DataOutputStream out, AutoIfsSettings a) throws IOException {
        out.writeInt(a.loraRank());
        writeInts(out, a.bottomSizes());
        out.writeInt(a.scenarioSize());
        out.writeLong(a.searchExamples());
        out.writeInt(a.temperatureSteps());
        out.writeDouble(a.finalTemperature());
        out.writeDouble(a.rewindFraction());
        out.writeDouble(a.gateLearningRateFactor());
        out.writeDouble(a.retrainLearningRate());
        out.writeDouble(a.retrainL2());
        out.writeLong(a.researchInterval());
        out.writeInt(a.flowReportWindow());
    }

    private static AutoIfsSettings readAutoIfs(DataInputStream in, int version) throws IOException {
        int rank = in.readInt();
        List<Integer> bottom = readInts(in);
        int scenario = in.readInt();
        long search = in.readLong();
        int steps = in.readInt();
        double finalTemperature = in.readDouble();
        double rewind = in.readDouble();
        double gateFactor = in.readDouble();
        AutoIfsSettings defaults = AutoIfsSettings.defaults();
        double retrainLearningRate = version >= 3 ? in.readDouble() : defaults.retrainLearningRate();
        double retrainL2 = version >= 3 ? in.readDouble() : defaults.retrainL2();
        long research = in.readLong();
        int window = in.readInt();
        try {
            return new AutoIfsSettings(rank, bottom, scenario, search, steps, finalTemperature, rewind, gateFactor,
                    retrainLearningRate, retrainL2, research, window);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model artifact has invalid AutoIFS settings: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static void writeInts(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        // Checked against what is left so a corrupt length fails cleanly instead of allocating GiBs.
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("model artifact declares a " + length + "-byte field but only "
                    + in.available() + " bytes remain");
        }
        return in.readNBytes(length);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = readCount(in);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString(in));
        }
        return out;
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int n = readCount(in);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readInt());
        }
        return out;
    }

    private static int readCount(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("model artifact declares " + n + " list entries but only "
                    + in.available() + " bytes remain");
        }
        return n;
    }
}
