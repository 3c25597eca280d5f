package dev.flowrec.core.snapshot;

import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides when the trainer's model becomes a new snapshot version and writes its records: the
 * {@link PublishSchedule}, the {@link QualityGate}, the version lineage and the manifest and chunk
 * assembly ({@link SnapshotWriter}).
 *
 * <pre>{@code
 * SnapshotPublisher publisher = SnapshotPublisher.builder()
 *         .schedule(new PublishSchedule(20_000, Duration.ofSeconds(30)))
 *         .writer(SnapshotWriter.unsigned(900 * 1024))
 *         .qualityGate(QualityGate.NO_BOUNDS.withMinAuc(0.6))
 *         .build();
 * for (SnapshotRecord r : publisher.afterTraining(source, watermark).records()) {
 *     send(r);
 * }
 * }</pre>
 *
 * <p>Every version belongs to a lineage ({@link LineagePosition}): a random id drawn when the
 * publisher starts, with the time it started. Versions start at 1 and increase by one per published
 * snapshot; each names the previous as its parent (lineage and version; none for the first). A
 * version the gate withholds uses no number, but it restarts the schedule as a publish would, so
 * the next attempt comes one interval later rather than at every example.
 *
 * <p>Its {@link #state()} is all it needs to continue after a restart. Restored with {@link
 * Builder#restoredFrom}, it forks: a new lineage, started now, whose versions continue the
 * checkpointed numbers and whose first version names the checkpointed version as its parent. It
 * cannot tell a restore from the latest checkpoint (versions published after it were aborted by the
 * exactly-once sink) from one from an older checkpoint or savepoint (they were committed, with
 * other bytes), so it treats both alike: no (lineage, version) is ever published twice with
 * different bytes, and subscribers follow the fork because it started last.
 *
 * <p>Not thread-safe, except {@link #state()}, which any thread may read (for metrics).
 */
public final class SnapshotPublisher {

    private final PublishSchedule schedule;
    private final QualityGate gate;
    private final SnapshotWriter writer;
    private final InstantSource clock;
    private volatile PublisherState state;

    SnapshotPublisher(Builder b) {
        this.schedule = b.schedule;
        this.gate = b.gate;
        this.writer = b.writer;
        this.clock = b.clock;
        long now = clock.millis();
        this.state = b.restored != null ? b.restored.forked(now) : PublisherState.initial(now);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * After a training step: publishes when the schedule is due, else {@link Publication#NOT_DUE}.
     *
     * @param watermark the event-time position the model has been trained through
     */
    public Publication afterTraining(SnapshotSource source, long watermark) {
        long now = clock.millis();
        long fresh = source.examplesTrained() - state.examplesAtLastPublish();
        return schedule.isDue(fresh, now - state.lastPublishMillis())
                ? publish(source, watermark, now)
                : Publication.NOT_DUE;
    }

    /**
     * At the end of a bounded input, once the last partial batch is trained: publishes whatever was
     * trained since the last publish, whether the schedule is due or not.
     */
    public Publication atEndOfInput(SnapshotSource source, long watermark) {
        return source.examplesTrained() > state.examplesAtLastPublish()
                ? publish(source, watermark, clock.millis())
                : Publication.NOT_DUE;
    }

    /** What to checkpoint; safe to read from any thread. */
    public PublisherState state() {
        return state;
    }

    private Publication publish(SnapshotSource source, long watermark, long now) {
        long examples = source.examplesTrained();
        EvaluationReport window = source.windowReport();
        List<GateFinding> findings = gate.judge(window);
        if (!findings.isEmpty()) {
            state = state.withheld(examples, now);
            return new Publication.Withheld(findings, examples, window);
        }
        EvaluationReport online = source.onlineReport();
        long parent = state.version();
        long version = parent + 1;
        SnapshotManifest.Builder template =
                source.describe(online, window)
                        .setLineageId(state.lineageId())
                        .setLineageStartedAt(state.lineageStartedAt())
                        .setVersion(version)
                        .setParentLineageId(state.parentLineageId())
                        .setParentVersion(parent)
                        .setCreatedAt(now)
                        .setWatermark(watermark)
                        .setExamplesTrained(examples);
        List<SnapshotRecord> records = writer.write(template, source.artifact());
        state = state.published(version, examples, now);
        SnapshotManifest manifest = (SnapshotManifest) records.get(0).getPayload();
        return new Publication.Published(records, manifest, online, window);
    }

    /**
     * Settings of a {@link SnapshotPublisher}. Schedule and writer are required; the gate defaults
     * to {@link QualityGate#NO_BOUNDS} and the clock to the system clock.
     */
    public static final class Builder {
        private PublishSchedule schedule;
        private QualityGate gate = QualityGate.NO_BOUNDS;
        private SnapshotWriter writer;
        private InstantSource clock = InstantSource.system();
        private PublisherState restored;

        private Builder() {}

        public Builder schedule(PublishSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        public Builder qualityGate(QualityGate gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        public Builder writer(SnapshotWriter writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
            return this;
        }

        /**
         * Where publish times come from: the schedule's time trigger and the manifests' creation
         * time.
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Continue from a checkpointed {@link SnapshotPublisher#state()} instead of version 0, in a
         * lineage forked from the checkpointed one.
         */
        public Builder restoredFrom(PublisherState state) {
            this.restored = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * @throws IllegalStateException naming every missing required setting
         */
        public SnapshotPublisher build() {
            List<String> missing = new ArrayList<>();
            if (schedule == null) {
                missing.add("schedule");
            }
            if (writer == null) {
                missing.add("writer");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(
                        "the snapshot publisher lacks required settings " + missing);
            }
            return new SnapshotPublisher(this);
        }
    }
}
