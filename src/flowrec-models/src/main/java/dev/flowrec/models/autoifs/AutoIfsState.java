package dev.flowrec.models.autoifs;

import dev.flowrec.events.AutoIfsStateRecord;
import dev.flowrec.models.RecordFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AutoIFS's block in the model-state of a {@link dev.flowrec.models.ModelArtifact}: an Avro {@code
 * AutoIfsStateRecord} holding its settings, phase, counters and, in checkpoints, the main model's
 * parameters at the rewind point ({@code Nd4j.write} bytes). The temperature is not stored: it is a
 * function of the phase and the counters ({@link SearchSchedule#temperature()}). The record's
 * schema is part of the artifact's format version.
 *
 * @param snapshotParameters main parameters at the rewind point, or null
 */
record AutoIfsState(
        AutoIfsSettings settings,
        AutoIfsPhase phase,
        long examplesSeen,
        long windowSeen,
        int searchesCompleted,
        INDArray snapshotParameters) {

    byte[] toBytes() {
        return RecordFrame.encodeBlock(
                AutoIfsStateRecord.newBuilder()
                        .setSettings(settings.toRecord())
                        .setPhase(phase.value())
                        .setExamplesSeen(examplesSeen)
                        .setWindowSeen(windowSeen)
                        .setSearchesCompleted(searchesCompleted)
                        .setRewindSnapshot(
                                snapshotParameters == null
                                        ? null
                                        : ByteBuffer.wrap(write(snapshotParameters)))
                        .build());
    }

    /**
     * @throws IllegalArgumentException when the bytes are not an AutoIFS state block
     */
    static AutoIfsState fromBytes(byte[] bytes) {
        AutoIfsStateRecord record =
                RecordFrame.decodeBlock(bytes, AutoIfsStateRecord.getClassSchema());
        ByteBuffer snapshot = record.getRewindSnapshot();
        return new AutoIfsState(
                AutoIfsSettings.fromRecord(record.getSettings()),
                AutoIfsPhase.of(record.getPhase()),
                record.getExamplesSeen(),
                record.getWindowSeen(),
                record.getSearchesCompleted(),
                snapshot == null ? null : read(snapshot));
    }

    /** The settings alone, without reading the rewind snapshot into ND4J. */
    static AutoIfsSettings settingsIn(byte[] bytes) {
        return AutoIfsSettings.fromRecord(
                RecordFrame.<AutoIfsStateRecord>decodeBlock(
                                bytes, AutoIfsStateRecord.getClassSchema())
                        .getSettings());
    }

    private static byte[] write(INDArray parameters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * (int) parameters.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(parameters, out);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing the AutoIFS rewind snapshot to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static INDArray read(ByteBuffer snapshot) {
        byte[] bytes = new byte[snapshot.remaining()];
        snapshot.duplicate().get(bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("AutoIFS rewind snapshot is unreadable", e);
        }
    }
}
