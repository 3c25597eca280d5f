package dev.flowrec.core.snapshot;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A snapshot version that will not be loaded, with the reason code (a metric label) and a message
 * for the log.
 *
 * @param modelId the model id, or the record key when the record could not be decoded
 * @param version the version, or {@link #UNKNOWN_VERSION} when the record could not be decoded
 * @param reason why
 * @param chunkIndex the offending chunk for {@link RejectReason#CORRUPT_CHUNK}, else empty
 * @param message what was found and what was expected; never contains key material
 */
public record SnapshotRejection(
        String modelId, long version, RejectReason reason, OptionalInt chunkIndex, String message)
        implements AssemblyResult {

    /** The version of a rejection for a record that could not be decoded. */
    public static final long UNKNOWN_VERSION = -1L;

    public SnapshotRejection {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(chunkIndex, "chunkIndex");
        Objects.requireNonNull(message, "message");
    }

    static SnapshotRejection of(String modelId, long version, RejectReason reason, String message) {
        return new SnapshotRejection(modelId, version, reason, OptionalInt.empty(), message);
    }

    static SnapshotRejection corruptChunk(String modelId, long version, int index, String message) {
        return new SnapshotRejection(
                modelId, version, RejectReason.CORRUPT_CHUNK, OptionalInt.of(index), message);
    }

    @Override
    public String toString() {
        return reason + " " + modelId + " v" + version + ": " + message;
    }
}
