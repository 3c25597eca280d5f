package dev.flowrec.core.snapshot;

import dev.flowrec.events.SnapshotManifest;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A snapshot version that will not be loaded, with the reason code (a metric label) and a message
 * for the log.
 *
 * @param modelId the model id, or the record key when the record could not be decoded
 * @param lineageId the lineage, or {@link #UNKNOWN_LINEAGE} when the record could not be decoded
 * @param version the version, or {@link #UNKNOWN_VERSION} when the record could not be decoded
 * @param reason why
 * @param chunkIndex the offending chunk for {@link RejectReason#CORRUPT_CHUNK}, else empty
 * @param message what was found and what was expected; never contains key material
 */
public record SnapshotRejection(
        String modelId,
        String lineageId,
        long version,
        RejectReason reason,
        OptionalInt chunkIndex,
        String message)
        implements AssemblyResult {

    /** The version of a rejection for a record that could not be decoded. */
    public static final long UNKNOWN_VERSION = -1L;

    /** The lineage of a rejection for a record that could not be decoded. */
    public static final String UNKNOWN_LINEAGE = "";

    public SnapshotRejection {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(lineageId, "lineageId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(chunkIndex, "chunkIndex");
        Objects.requireNonNull(message, "message");
    }

    /** A rejection of a manifest's version. */
    public static SnapshotRejection of(SnapshotManifest m, RejectReason reason, String message) {
        return of(m.getModelId(), m.getLineageId(), m.getVersion(), reason, message);
    }

    static SnapshotRejection of(
            String modelId, String lineageId, long version, RejectReason reason, String message) {
        return new SnapshotRejection(
                modelId, lineageId, version, reason, OptionalInt.empty(), message);
    }

    static SnapshotRejection corruptChunk(SnapshotManifest m, int index, String message) {
        return new SnapshotRejection(
                m.getModelId(),
                m.getLineageId(),
                m.getVersion(),
                RejectReason.CORRUPT_CHUNK,
                OptionalInt.of(index),
                message);
    }

    @Override
    public String toString() {
        String lineage = lineageId.isEmpty() ? "" : " of lineage " + lineageId;
        return reason + " " + modelId + " v" + version + lineage + ": " + message;
    }
}
