package dev.flowrec.serving;

import static dev.flowrec.serving.SnapshotRecords.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.snapshot.SnapshotWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cache: a server starts from it when the topic has nothing, and re-verifies it. */
class SnapshotCacheTest {

    private static final String TOPIC = "flowrec.snapshots";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SnapshotWriter SIGNED =
            SnapshotWriter.signed(SnapshotRecords.CHUNK, SnapshotRecords.SIGNER);

    @TempDir Path cache;

    private SnapshotSubscriber subscriber(FakeSnapshotTopic topic, PublicKey key) {
        return SnapshotSubscriber.builder()
                .bootstrapServers("unused:9092")
                .topic(TOPIC)
                .modelId(MODEL)
                .publicKey(SnapshotRecords.KEY_ID, key)
                .historySize(2)
                .cacheDirectory(cache)
                .modelLoader(FakeModel::load)
                .pollTimeout(Duration.ofMillis(20))
                .consumerFactory(props -> topic)
                .build();
    }

    /** Serves versions 1 to 3 from a topic, one after the other, so each is cached. */
    private void serveThreeVersions() throws Exception {
        FakeSnapshotTopic topic = new FakeSnapshotTopic(TOPIC).create(1);
        try (SnapshotSubscriber first =
                subscriber(topic, SnapshotRecords.KEYS.getPublic()).start()) {
            for (int v = 1; v <= 3; v++) {
                topic.append(
                        0,
                        MODEL,
                        SnapshotRecords.version(SIGNED, MODEL, v, FakeModel.artifact(0.1f * v)));
                assertThat(first.awaitVersion(v, WAIT)).isTrue();
            }
        }
    }

    private String[] cached() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(f -> f.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aServerStartsFromTheCacheWhenTheTopicLostEverySnapshot() throws Exception {
        serveThreeVersions();
        assertThat(cached())
                .as("the last two versions are kept")
                .containsExactly("ctr@lineage-a-v2.snapshot", "ctr@lineage-a-v3.snapshot");

        FakeSnapshotTopic emptied = new FakeSnapshotTopic(TOPIC).create(1);
        try (SnapshotSubscriber restarted =
                subscriber(emptied, SnapshotRecords.KEYS.getPublic()).start()) {
            assertThat(restarted.awaitVersion(3, WAIT)).isTrue();
            assertThat(restarted.current())
                    .hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(3));
        }
    }

    @Test
    void aCachedFileAlteredOnDiskIsRefusedAndTheNextNewestServes() throws Exception {
        serveThreeVersions();
        Path newest = cache.resolve("ctr@lineage-a-v3.snapshot");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(newest, bytes);

        FakeSnapshotTopic emptied = new FakeSnapshotTopic(TOPIC).create(1);
        try (SnapshotSubscriber restarted =
                subscriber(emptied, SnapshotRecords.KEYS.getPublic()).start()) {
            assertThat(restarted.awaitVersion(2, WAIT)).isTrue();
            assertThat(restarted.currentVersion()).isEqualTo(2);
        }
    }

    @Test
    void aCacheSignedWithAnotherKeyIsNotServed() throws Exception {
        serveThreeVersions();

        FakeSnapshotTopic emptied = new FakeSnapshotTopic(TOPIC).create(1);
        try (SnapshotSubscriber restarted =
                subscriber(emptied, SnapshotRecords.FORGER_KEYS.getPublic()).start()) {
            assertThat(restarted.awaitVersion(1, Duration.ofSeconds(2))).isFalse();
        }
    }
}
