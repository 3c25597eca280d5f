package dev.flowrec.core.snapshot;

import dev.flowrec.events.SnapshotManifest;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a snapshot stands among every snapshot of its model: its lineage, ordered by when the
 * lineage started, and its version within that lineage. The newest position is the one to serve.
 *
 * <p>The rule, and why: a lineage started later belongs to the job running now (a job started
 * without state, or one restored from any checkpoint, draws a new lineage), so its first version
 * replaces any version of an older lineage, however high that number is. Within a lineage versions
 * only increase. So a replayed snapshot of an older lineage, or an older version of the current
 * one, never replaces what is served. Two lineages started in the same millisecond are ordered by
 * id, arbitrarily but the same way on every subscriber.
 *
 * @param lineageStartedAt when the lineage started, epoch milliseconds
 * @param lineageId the lineage's id
 * @param version the version within the lineage
 */
public record LineagePosition(long lineageStartedAt, String lineageId, long version)
        implements Comparable<LineagePosition> {

    private static final Comparator<LineagePosition> ORDER =
            Comparator.comparingLong(LineagePosition::lineageStartedAt)
                    .thenComparing(LineagePosition::lineageId)
                    .thenComparingLong(LineagePosition::version);

    public LineagePosition {
        Objects.requireNonNull(lineageId, "lineageId");
    }

    /** The position a manifest claims. */
    public static LineagePosition of(SnapshotManifest manifest) {
        return new LineagePosition(
                manifest.getLineageStartedAt(), manifest.getLineageId(), manifest.getVersion());
    }

    /** Whether this position should replace {@code other}. */
    public boolean isNewerThan(LineagePosition other) {
        return compareTo(other) > 0;
    }

    public boolean sameLineageAs(LineagePosition other) {
        return lineageId.equals(other.lineageId);
    }

    @Override
    public int compareTo(LineagePosition other) {
        return ORDER.compare(this, other);
    }

    /** For logs: {@code v12 of lineage 9f3c... (started 2026-03-01T10:00:00Z)}. */
    @Override
    public String toString() {
        return "v"
                + version
                + " of lineage "
                + lineageId
                + " (started "
                + Instant.ofEpochMilli(lineageStartedAt)
                + ")";
    }
}
