package dev.flowrec.core.snapshot;

import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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
     * @param window the final-label window the quality gate passed it on
     */
    record Published(
            List<SnapshotRecord> records,
            SnapshotManifest manifest,
            EvaluationReport online,
            EvaluationReport window)
            implements Publication {
        public Published {
            records = List.copyOf(records);
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(online, "online");
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * A version the quality gate withheld; the version number was not used.
     *
     * @param findings every check it failed, at least one
     * @param examplesTrained examples the withheld model was trained on
     * @param window the final-label window the gate judged
     */
    record Withheld(List<GateFinding> findings, long examplesTrained, EvaluationReport window)
            implements Publication {
        public Withheld {
            findings = List.copyOf(findings);
            if (findings.isEmpty()) {
                throw new IllegalArgumentException("a withheld version needs a finding");
            }
            Objects.requireNonNull(window, "window");
        }

        @Override
        public List<SnapshotRecord> records() {
            return List.of();
        }

        /** Every finding in a sentence, for the log. */
        public String reason() {
            return findings.stream().map(GateFinding::describe).collect(Collectors.joining("; "));
        }
    }
}
