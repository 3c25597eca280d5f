package dev.flowrec.models;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
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
 * The self-describing byte format of a model. Layout (big-endian, as {@link DataOutputStream}
 * writes it):
 *
 * <pre>
 * int     MAGIC ("FRMA")
 * int     format version (CURRENT_VERSION)
 * string  payload format name (FORMAT, "dl4j-zip")
 * header: string model type value; int n + n strings scenarios; int n + n strings tasks;
 *         string feature-spec canonical text; int embeddingDim; int n + n ints hiddenSizes;
 *         int n + n ints towerSizes; double learningRate; double l2; long seed;
 *         boolean withOptimizerState
 * int     payload length, then the payload (a DL4J ModelSerializer zip)
 * int     CRC-32 of the payload
 * </pre>
 *
 * Strings are an int byte length followed by UTF-8 (not {@code writeUTF}, whose 64 KiB limit a
 * feature spec with many fields could reach). The header is readable without touching DL4J, so a
 * serving process can check the feature spec before it pays for loading the network.
 *
 * <p>Readers reject a wrong magic number, a format version other than {@link #CURRENT_VERSION}
 * (naming the found and the supported version), an unknown payload format, a truncated or
 * over-long buffer and a payload whose CRC does not match. Version 1 is the first released format;
 * a reader for version N must keep reading every version below N.
 */
public final class ModelArtifact {
    /** "FRMA": FlowRec model artifact. */
    public static final int MAGIC = 0x46524D41;

    /** The only format version this build writes and reads. */
    public static final int CURRENT_VERSION = 1;

    /** Name of the payload format, for manifests: a DL4J {@code ModelSerializer} zip. */
    public static final String FORMAT = "dl4j-zip";

    private final ModelSettings settings;
    private final boolean withOptimizerState;
    private final byte[] payload;

    /**
     * @param settings how the model was built
     * @param withOptimizerState whether the payload carries the updater state (checkpoints) or not
     *     (serving snapshots)
     * @param payload the DL4J zip; kept by reference, not copied
     */
    public ModelArtifact(ModelSettings settings, boolean withOptimizerState, byte[] payload) {
        if (settings == null || payload == null) {
            throw new IllegalArgumentException("settings and payload must not be null, got settings="
                    + settings + " payload=" + (payload == null ? "null" : payload.length + " bytes"));
        }
        this.settings = settings;
        this.withOptimizerState = withOptimizerState;
        this.payload = payload;
    }

    public ModelSettings settings() {
        return settings;
    }

    public boolean withOptimizerState() {
        return withOptimizerState;
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
            out.writeBoolean(withOptimizerState);
            out.writeInt(payload.length);
            out.write(payload);
            out.writeInt(crc(payload));
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
        if (version != CURRENT_VERSION) {
            throw new IllegalArgumentException("model artifact format version " + version
                    + " is not supported; this reader supports version " + CURRENT_VERSION);
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
            boolean withOptimizerState = in.readBoolean();
            byte[] payload = readBytes(in);
            int expectedCrc = in.readInt();
            if (in.available() != 0) {
                throw new IllegalArgumentException("model artifact has " + in.available()
                        + " unexpected bytes after the payload CRC");
            }
            if (crc(payload) != expectedCrc) {
                throw new IllegalArgumentException(String.format(
                        "model artifact payload is corrupt: CRC-32 0x%08X, header says 0x%08X", crc(payload), expectedCrc));
            }
            ModelSettings settings = new ModelSettings(type, space, features, embeddingDim, hidden, tower,
                    learningRate, l2, seed);
            return new ModelArtifact(settings, withOptimizerState, payload);
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

    private static int crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
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
