package dev.flowrec.core.snapshot;

import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.util.List;
import java.util.Objects;

/** What a {@link SnapshotPublisher} decided after a training step or at the end of input. */
public sealed interface Publication {

    /** Nothing to publish yet. */
    Publication NOT_DUE = new NotDue();

    /** The records to send downstream, in order; empty unless {@link Published}. */
    List<SnapshotRecord> records();

    /** The schedule was not due, or nothing was trained since the last publish. */
    record NotDue() implements Publication {
        @Override
        public List<SnapshotRecord> records() {
            return List.of();
        }
    }

    /**
     * A new version: its manifest and then its chunks.
     *
     * @param online the online evaluation it was published with
     */
    record Published(
            List<SnapshotRecord> records, SnapshotManifest manifest, EvaluationReport online)
            implements Publication {
        public Published {
            records = List.copyOf(records);
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(online, "online");
        }
    }

    /**
     * A version the quality gate stopped; the version number was not used.
     *
     * @param reason what the gate found, for the log
     */
    record HeldBack(String reason, long examplesTrained) implements Publication {
        @Override
        public List<SnapshotRecord> records() {
            return List.of();
        }
    }
}
