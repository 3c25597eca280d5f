package dev.flowrec.models.autoifs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AutoIFS's state besides its network, as stored in the model-state block of a {@link
 * dev.flowrec.models.ModelArtifact}. Layout (big-endian): int {@link #MAGIC}, int {@link #VERSION},
 * byte phase code, long examples seen, long examples into the current phase, int searches
 * completed, boolean snapshot present; if present, the main model's parameters at the rewind point
 * as an ND4J array ({@code Nd4j.write}). Version 1 also stored the main optimiser state there; its
 * reader skips it, since a retrain now starts with a fresh optimiser. The temperature is not stored:
 * it is a function of the phase and the counters ({@link SearchSchedule#temperature()}).
 *
 * @param snapshotParameters main parameters at the rewind point, or null
 */
record AutoIfsState(AutoIfsPhase phase, long examplesSeen, long windowSeen, int searchesCompleted,
        INDArray snapshotParameters) {
    /** "FRAI": FlowRec AutoIFS state. */
    static final int MAGIC = 0x46524149;
    static final int VERSION = 2;

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                64 + (snapshotParameters == null ? 0 : 4 * (int) snapshotParameters.length()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeByte(phase.code);
            out.writeLong(examplesSeen);
            out.writeLong(windowSeen);
            out.writeInt(searchesCompleted);
            out.writeBoolean(snapshotParameters != null);
            if (snapshotParameters != null) {
                Nd4j.write(snapshotParameters, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the AutoIFS state to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not an AutoIFS state this build reads
     */
    static AutoIfsState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format(
                        "not an AutoIFS model state: magic 0x%08X, expected 0x%08X", magic, MAGIC));
            }
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("AutoIFS model state version " + version
                        + " is not supported; this reader supports versions 1 to " + VERSION);
            }
            AutoIfsPhase phase = AutoIfsPhase.of(in.readByte());
            long examplesSeen = in.readLong();
            long windowSeen = in.readLong();
            int searches = in.readInt();
            INDArray parameters = null;
            if (in.readBoolean()) {
                parameters = Nd4j.read(in);
                if (version == 1) {
                    Nd4j.read(in); // the optimiser state of the rewind point, no longer used
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("AutoIFS model state has " + in.available() + " unexpected trailing bytes");
            }
            return new AutoIfsState(phase, examplesSeen, windowSeen, searches, parameters);
        } catch (EOFException e) {
            throw new IllegalArgumentException("AutoIFS model state is truncated (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the AutoIFS model state from memory failed", e);
        }
    }
}
