package dev.flowrec.serving;

import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.snapshot.Publication;
import dev.flowrec.core.snapshot.PublishSchedule;
import dev.flowrec.core.snapshot.PublisherState;
import dev.flowrec.core.snapshot.SnapshotPublisher;
import dev.flowrec.core.snapshot.SnapshotSource;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * A trainer job reduced to its snapshot publisher: every {@link #publish} trains 100 examples and
 * publishes a {@link FakeModel} answering the given output, as the real trainer would.
 */
final class FakeJob implements SnapshotSource {
    private final SnapshotPublisher publisher;
    private long examples;
    private float output;

    private FakeJob(SnapshotPublisher.Builder builder, long examples) {
        this.publisher = builder.build();
        this.examples = examples;
    }

    /** A job started without state at {@code start}. */
    static FakeJob startedAt(Instant start) {
        return new FakeJob(builder(start), 0);
    }

    /** A job restored at {@code start} from a {@link #checkpoint()}. */
    static FakeJob restoredAt(Instant start, PublisherState checkpoint) {
        return new FakeJob(
                builder(start).restoredFrom(checkpoint), checkpoint.examplesAtLastPublish());
    }

    private static SnapshotPublisher.Builder builder(Instant start) {
        return SnapshotPublisher.builder()
                .schedule(new PublishSchedule(100, Duration.ofHours(1)))
                .writer(SnapshotWriter.unsigned(SnapshotRecords.CHUNK))
                .clock(InstantSource.fixed(start));
    }

    /** The records of the next version, manifest first. */
    List<SnapshotRecord> publish(float output) {
        this.output = output;
        examples += 100;
        Publication p = publisher.atEndOfInput(this, 0);
        if (!(p instanceof Publication.Published)) {
            throw new IllegalStateException("nothing published: " + p);
        }
        return p.records();
    }

    static SnapshotManifest manifest(List<SnapshotRecord> records) {
        return (SnapshotManifest) records.get(0).getPayload();
    }

    PublisherState checkpoint() {
        return publisher.state();
    }

    @Override
    public long examplesTrained() {
        return examples;
    }

    @Override
    public EvaluationReport onlineReport() {
        return new EvaluationReport(Map.of());
    }

    @Override
    public EvaluationReport windowReport() {
        return new EvaluationReport(Map.of());
    }

    @Override
    public SnapshotManifest.Builder describe(EvaluationReport online, EvaluationReport window) {
        return SnapshotRecords.template(SnapshotRecords.MODEL, 1);
    }

    @Override
    public byte[] artifact() {
        return FakeModel.artifact(output);
    }
}
