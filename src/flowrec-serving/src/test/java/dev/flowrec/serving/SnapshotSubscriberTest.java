package dev.flowrec.serving;

import static dev.flowrec.serving.SnapshotRecords.MODEL;
import static dev.flowrec.serving.SnapshotRecords.corruptChunk;
import static dev.flowrec.serving.SnapshotRecords.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka side of the subscriber against an in-memory topic (no broker). */
class SnapshotSubscriberTest {

    private static final String TOPIC = "flowrec.snapshots";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FakeSnapshotTopic topic = new FakeSnapshotTopic(TOPIC);
    private final RecordingListener listener = new RecordingListener();
    private SnapshotSubscriber subscriber;

    @AfterEach
    void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private SnapshotSubscriberBuilder builder() {
        return SnapshotSubscriber.builder()
                .bootstrapServers("unused:9092")
                .topic(TOPIC)
                .modelId(MODEL)
                .modelLoader(FakeModel::load)
                .listener(listener)
                .pollTimeout(Duration.ofMillis(20))
                .consumerFactory(props -> topic);
    }

    private static int recordsPerVersion() {
        return version(1, 0.1f).size();
    }

    @Test
    void startLoadsOnlyTheNewestCompleteSnapshotWithoutReplayingTheTopic() throws Exception {
        topic.create(1);
        int total = 0;
        for (int v = 1; v <= 50; v++) {
            List<SnapshotRecord> records = version(v, 0.01f * v);
            topic.append(0, MODEL, records);
            total += records.size();
        }

        subscriber = builder().lookback(16, 1024).build().start();

        assertThat(subscriber.awaitVersion(50, WAIT)).isTrue();
        subscriber.close(); // joins the thread, so every callback has happened
        assertThat(subscriber.loadedCount()).isEqualTo(1);
        assertThat(listener.loaded).containsExactly(50L);
        assertThat(topic.lowestServed(0)).isEqualTo(total - 16);
        assertThat(subscriber.rejectedCounts().values()).containsOnly(0L);
    }

    @Test
    void theLookBackDoublesUntilASnapshotFits() throws Exception {
        topic.create(1);
        SnapshotWriter oneByteChunks = SnapshotWriter.unsigned(1);
        byte[] artifact = FakeModel.artifact(0.5f);
        for (int v = 1; v <= 3; v++) {
            topic.append(0, MODEL, version(oneByteChunks, MODEL, v, artifact));
        }
        int perVersion = artifact.length + 1;
        int total = 3 * perVersion;

        subscriber = builder().lookback(4, 4096).build().start();

        assertThat(subscriber.awaitVersion(3, WAIT)).isTrue();
        assertThat(subscriber.loadedCount()).isEqualTo(1);
        long lookedBack = total - topic.lowestServed(0);
        assertThat(lookedBack).isGreaterThanOrEqualTo(perVersion).isLessThan(2L * perVersion + 4);
        assertThat(subscriber.rejectedCounts().values()).containsOnly(0L);
    }

    @Test
    void theLookBackIsBoundedAndThenTheTopicIsFollowed() throws Exception {
        topic.create(1);
        List<SnapshotRecord> partial = version(1, 0.1f);
        for (int i = 0; i < 40; i++) {
            topic.append(0, MODEL, partial.subList(1, 2)); // one chunk, over and over
        }

        subscriber = builder().lookback(4, 16).build().start();
        assertThat(subscriber.awaitVersion(1, Duration.ofMillis(300))).isFalse();
        topic.append(0, MODEL, version(2, 0.2f));

        assertThat(subscriber.awaitVersion(2, WAIT)).isTrue();
        assertThat(topic.lowestServed(0)).isEqualTo(40 - 16);
    }

    @Test
    void newVersionsAreFollowedAfterStart() throws Exception {
        topic.create(1);
        subscriber = builder().build().start();
        assertThat(subscriber.awaitVersion(1, Duration.ofMillis(100))).isFalse();

        topic.append(0, MODEL, version(1, 0.1f));
        assertThat(subscriber.awaitVersion(1, WAIT)).isTrue();
        topic.append(0, MODEL, version(2, 0.2f));
        assertThat(subscriber.awaitVersion(2, WAIT)).isTrue();

        assertThat(subscriber.loadedCount()).isEqualTo(2);
        assertThat(subscriber.keptVersions()).containsExactly(1L, 2L);
        assertThat(subscriber.scorer().score(ScorerTest.impression("a", "feed")).modelVersion())
                .isEqualTo(2);
        assertThat(subscriber.rollbackTo(1).version()).isEqualTo(1);
        assertThat(subscriber.currentVersion()).isEqualTo(1);
    }

    @Test
    void otherModelsAndPartitionsAreSkipped() throws Exception {
        topic.create(3);
        for (int v = 1; v <= 5; v++) {
            byte[] other = FakeModel.artifact(0.9f);
            topic.append(2, "cvr", version(SnapshotWriter.unsigned(8), "cvr", v, other));
            topic.append(1, MODEL, version(v, 0.1f));
        }
        // The key decides: a record keyed "cvr" is skipped even if it claims to be "ctr".
        topic.append(1, "cvr", version(99, 0.9f));

        subscriber = builder().lookback(8, 64).build().start();

        assertThat(subscriber.awaitVersion(5, WAIT)).isTrue();
        assertThat(subscriber.currentVersion()).isEqualTo(5);
        assertThat(subscriber.skippedCount()).isPositive();
    }

    @Test
    void aCorruptNewestSnapshotIsRejectedOnceAndTheOneBeforeIsServed() throws Exception {
        topic.create(1);
        for (int v = 1; v <= 3; v++) {
            topic.append(0, MODEL, version(v, 0.1f));
        }
        topic.append(0, MODEL, corruptChunk(version(4, 0.4f), 2));

        subscriber = builder().lookback(4, 1024).build().start();

        assertThat(subscriber.awaitVersion(3, WAIT)).isTrue();
        subscriber.close();
        assertThat(subscriber.currentVersion()).isEqualTo(3);
        assertThat(subscriber.rejectedCount(RejectReason.CORRUPT_CHUNK)).isEqualTo(1);
        assertThat(listener.rejected)
                .singleElement()
                .satisfies(r -> assertThat(r.version()).isEqualTo(4));
    }

    @Test
    void undecodableRecordsAreCountedAndTheModelKeepsServing() throws Exception {
        topic.create(1);
        topic.append(0, MODEL, version(1, 0.1f));
        subscriber = builder().build().start();
        assertThat(subscriber.awaitVersion(1, WAIT)).isTrue();

        topic.append(0, MODEL, new byte[] {1, 2, 3});
        topic.append(0, MODEL, (byte[]) null);
        topic.append(0, MODEL, version(2, 0.2f));

        assertThat(subscriber.awaitVersion(2, WAIT)).isTrue();
        subscriber.close();
        assertThat(subscriber.rejectedCount(RejectReason.MALFORMED)).isEqualTo(2);
        assertThat(listener.rejected.get(0).message())
                .startsWith(
                        "the record at flowrec.snapshots-0@"
                                + recordsPerVersion()
                                + " is not a snapshot record");
    }

    @Test
    void aRecordDeclaringAHugeLengthIsRejectedWithItsReasonWithoutAllocatingIt() throws Exception {
        topic.create(1);
        topic.append(0, MODEL, version(1, 0.1f));
        subscriber = builder().build().start();
        assertThat(subscriber.awaitVersion(1, WAIT)).isTrue();

        // A genuine header, the chunk branch of the union, then a model id of 2 GB.
        byte[] hostile = Arrays.copyOf(SnapshotCodec.encode(version(1, 0.1f).get(0)), 16);
        byte[] chunkThenHugeLength = {0, (byte) 0x80, (byte) 0xD0, (byte) 0xAC, (byte) 0xF3, 0x0E};
        System.arraycopy(chunkThenHugeLength, 0, hostile, 10, chunkThenHugeLength.length);
        topic.append(0, MODEL, hostile);
        topic.append(0, MODEL, version(2, 0.2f));

        assertThat(subscriber.awaitVersion(2, WAIT)).isTrue();
        subscriber.close();
        assertThat(subscriber.rejectedCount(RejectReason.MALFORMED)).isEqualTo(1);
        assertThat(listener.rejected.get(0).message()).contains("declares 2000000000 bytes");
    }

    @Test
    void unsignedAndForgedSnapshotsAreRejectedWhenAKeyIsSet() throws Exception {
        topic.create(1);
        SnapshotWriter genuine = SnapshotWriter.signed(8, SnapshotRecords.SIGNER);
        SnapshotWriter forger =
                SnapshotWriter.signed(
                        8,
                        SnapshotSigner.of(
                                SnapshotRecords.KEY_ID, SnapshotRecords.FORGER_KEYS.getPrivate()));
        topic.append(0, MODEL, version(genuine, MODEL, 1, FakeModel.artifact(0.1f)));
        subscriber =
                builder()
                        .publicKey(SnapshotRecords.KEY_ID, SnapshotRecords.KEYS.getPublic())
                        .build()
                        .start();
        assertThat(subscriber.awaitVersion(1, WAIT)).isTrue();

        byte[] bad = FakeModel.artifact(0.9f);
        topic.append(0, MODEL, version(SnapshotWriter.unsigned(8), MODEL, 2, bad));
        topic.append(0, MODEL, version(forger, MODEL, 3, FakeModel.artifact(0.9f)));
        topic.append(0, MODEL, version(genuine, MODEL, 4, FakeModel.artifact(0.4f)));

        assertThat(subscriber.awaitVersion(4, WAIT)).isTrue();
        subscriber.close();
        assertThat(subscriber.rejectedCount(RejectReason.UNSIGNED)).isEqualTo(1);
        assertThat(subscriber.rejectedCount(RejectReason.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(subscriber.rejectedCount(RejectReason.STALE_VERSION)).isZero();
        assertThat(subscriber.loadedCount()).isEqualTo(2);
    }

    @Test
    void aJobStartedWithoutStateAfterV50IsAdoptedByARunningSubscriber() throws Exception {
        topic.create(1);
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        FakeJob old = FakeJob.startedAt(start);
        for (int v = 1; v <= 50; v++) {
            topic.append(0, MODEL, old.publish(0.01f * v));
        }
        subscriber = builder().lookback(16, 1024).build().start();
        assertThat(subscriber.awaitVersion(50, WAIT)).isTrue();

        FakeJob fresh = FakeJob.startedAt(start.plus(Duration.ofHours(3)));
        List<SnapshotRecord> v1 = fresh.publish(0.9f);
        topic.append(0, MODEL, v1);

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (listener.loaded.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listener.loaded).containsExactly(50L, 1L);
        Score score = subscriber.scorer().score(ScorerTest.impression("a", "feed"));
        assertThat(score.modelLineage()).isEqualTo(FakeJob.manifest(v1).getLineageId());
        assertThat(score.modelVersion()).isEqualTo(1);
        assertThat(subscriber.rejectedCounts().values()).containsOnly(0L);
    }

    @Test
    void aTopicCreatedAfterStartIsPickedUp() throws Exception {
        subscriber = builder().build().start();
        assertThat(subscriber.awaitVersion(1, Duration.ofMillis(100))).isFalse();

        topic.create(1);
        topic.append(0, MODEL, version(1, 0.1f));

        assertThat(subscriber.awaitVersion(1, WAIT)).isTrue();
    }

    @Test
    void closeStopsTheThreadClosesTheConsumerAndIsIdempotent() throws Exception {
        topic.create(1);
        subscriber = builder().build().start();
        subscriber.start();

        subscriber.close();
        subscriber.close();

        assertThat(topic.closed()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("flowrec-snapshot-subscriber-" + MODEL));
    }

    @Test
    void theScorerSaysWhenTheSubscriberWasNeverStarted() {
        subscriber = builder().build();

        assertThatThrownBy(() -> subscriber.scorer().score(ScorerTest.impression("a", "feed")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "no model loaded yet from topic flowrec.snapshots (model ctr): the"
                                + " subscriber was never started");
    }

    @Test
    void theConsumerIsConfiguredForCommittedReadsWithoutAGroup() {
        Map<String, Object>[] seen = newMapArray();
        subscriber =
                builder()
                        .property("security.protocol", "SASL_SSL")
                        .consumerFactory(
                                props -> {
                                    seen[0] = props;
                                    return topic;
                                })
                        .build()
                        .start();
        subscriber.close();

        assertThat(seen[0])
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("bootstrap.servers", "unused:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("group.id");
        assertThat((String) seen[0].get("client.id"))
                .startsWith("flowrec-snapshot-subscriber-ctr-");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] newMapArray() {
        return (Map<String, Object>[]) new Map<?, ?>[1];
    }
}
