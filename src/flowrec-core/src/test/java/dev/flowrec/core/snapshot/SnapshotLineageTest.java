package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.feed;
import static dev.flowrec.core.snapshot.SnapshotTestData.rejections;
import static dev.flowrec.core.snapshot.SnapshotTestData.verified;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publisher and assembler together over the life of a job: restarts without state, restores from an
 * older checkpoint and replayed snapshots, as the fleet sees them on the topic.
 */
class SnapshotLineageTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final SnapshotSigner SIGNER = SnapshotTestData.SIGNER;

    private final ManualClock clock = new ManualClock(START);
    private final SnapshotAssembler fleet =
            SnapshotAssembler.builder().verifier(SnapshotTestData.VERIFIER).build();

    /** Every manifest the topic committed, in order. */
    private final List<SnapshotManifest> committed = new ArrayList<>();

    private SnapshotPublisher.Builder job() {
        return SnapshotPublisher.builder()
                .schedule(new PublishSchedule(100, Duration.ofHours(1)))
                .writer(SnapshotWriter.signed(1024, SIGNER))
                .clock(clock);
    }

    /** Trains 100 examples, publishes and hands the records to the fleet. */
    private List<AssemblyResult> publish(SnapshotPublisher publisher, FakeSnapshotSource source) {
        return feed(fleet, publishRecords(publisher, source));
    }

    private List<SnapshotRecord> publishRecords(
            SnapshotPublisher publisher, FakeSnapshotSource source) {
        source.train(100);
        clock.advance(Duration.ofSeconds(1));
        Publication p = publisher.afterTraining(source, clock.millis());
        assertThat(p).isInstanceOf(Publication.Published.class);
        committed.add(((Publication.Published) p).manifest());
        return p.records();
    }

    private static long version(AssemblyResult result) {
        return result.version();
    }

    @Test
    void aJobStartedWithoutStateAfterV50IsAdoptedByTheFleet() {
        SnapshotPublisher first = job().build();
        FakeSnapshotSource firstModel = new FakeSnapshotSource();
        for (int v = 1; v <= 50; v++) {
            publish(first, firstModel);
        }
        assertThat(fleet.newestVerified(SnapshotTestData.MODEL).map(LineagePosition::version))
                .hasValue(50L);

        clock.advance(Duration.ofHours(2));
        SnapshotPublisher fresh = job().build();
        FakeSnapshotSource freshModel = new FakeSnapshotSource(1);
        List<AssemblyResult> results = publish(fresh, freshModel);

        assertThat(rejections(results)).isEmpty();
        assertThat(verified(results)).singleElement().extracting(r -> version(r)).isEqualTo(1L);
        assertThat(fleet.newestVerified(SnapshotTestData.MODEL).orElseThrow().lineageId())
                .isEqualTo(fresh.state().lineageId())
                .isNotEqualTo(first.state().lineageId());
        assertThat(verified(publish(fresh, freshModel)))
                .as("the fleet follows the new job's next versions too")
                .hasSize(1);
    }

    @Test
    void aRestoreFromAnOlderCheckpointReusesNoVersionAndIsAdopted() {
        SnapshotPublisher first = job().build();
        FakeSnapshotSource firstModel = new FakeSnapshotSource();
        for (int v = 1; v <= 10; v++) {
            publish(first, firstModel);
        }
        PublisherState checkpointAtV10 = first.state();
        publish(first, firstModel);
        publish(first, firstModel);

        clock.advance(Duration.ofMinutes(5));
        SnapshotPublisher restored = job().restoredFrom(checkpointAtV10).build();
        FakeSnapshotSource restoredModel = new FakeSnapshotSource(1);
        restoredModel.train(1000);
        List<AssemblyResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.addAll(publish(restored, restoredModel));
        }

        Map<String, String> bytesById = new HashMap<>();
        for (SnapshotManifest m : committed) {
            String sha = Hashes.hex(m.getArtifactSha256());
            String earlier = bytesById.putIfAbsent(identity(m), sha);
            assertThat(earlier).as("bytes of %s, published twice", identity(m)).isIn(null, sha);
        }
        assertThat(rejections(results)).isEmpty();
        assertThat(verified(results))
                .as("the fleet adopts every version of the restored job")
                .hasSize(3);
    }

    /** What names one published model for the fleet. */
    private static String identity(SnapshotManifest m) {
        return m.getLineageId() + " v" + m.getVersion();
    }

    @Test
    void aReplayedOldSnapshotNeverReplacesANewerOne() {
        SnapshotPublisher first = job().build();
        FakeSnapshotSource firstModel = new FakeSnapshotSource();
        List<List<SnapshotRecord>> old = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            old.add(publishRecords(first, firstModel));
        }
        clock.advance(Duration.ofHours(1));
        SnapshotPublisher fresh = job().build();
        List<SnapshotRecord> newest = publishRecords(fresh, new FakeSnapshotSource(1));
        SnapshotAssembler catchingUp =
                SnapshotAssembler.builder().verifier(SnapshotTestData.VERIFIER).build();
        // A look-back window that holds the new job's first version, then a replay of the old job.
        List<AssemblyResult> results = new ArrayList<>(feed(catchingUp, newest));
        results.addAll(feed(catchingUp, old.get(4)));
        results.addAll(feed(catchingUp, old.get(2)));

        assertThat(verified(results))
                .singleElement()
                .satisfies(
                        v ->
                                assertThat(v.manifest().getArtifactSha256())
                                        .isEqualTo(
                                                ((SnapshotManifest) newest.get(0).getPayload())
                                                        .getArtifactSha256()));
        assertThat(rejections(results))
                .extracting(SnapshotRejection::reason)
                .containsOnly(RejectReason.STALE_VERSION);
        assertThat(rejections(results))
                .extracting(SnapshotRejection::lineageId)
                .containsOnly(first.state().lineageId());
    }
}
