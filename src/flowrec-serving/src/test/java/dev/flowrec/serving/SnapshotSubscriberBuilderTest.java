package dev.flowrec.serving;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.Impression;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SnapshotSubscriberBuilderTest {

    @Test
    void buildNamesEveryMissingRequiredSetting() {
        assertThatThrownBy(() -> SnapshotSubscriber.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "the SnapshotSubscriber builder is missing required settings"
                                + " [bootstrapServers, topic, modelId]");
        SnapshotSubscriberBuilder noModel =
                SnapshotSubscriber.builder().bootstrapServers("b:9092").topic("t");
        assertThatThrownBy(noModel::build).hasMessageEndingWith("[modelId]");
    }

    @Test
    void conflictingKafkaPropertiesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> minimal().property("isolation.level", "read_uncommitted").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Kafka property isolation.level=read_uncommitted conflicts with the"
                                + " snapshot subscriber, which needs read_committed");
        assertThatThrownBy(() -> minimal().property("enable.auto.commit", "true").build())
                .hasMessageContaining("enable.auto.commit=true");
        assertThatThrownBy(() -> minimal().property("bootstrap.servers", "other:9092").build())
                .hasMessageContaining("bootstrapServers(b:9092)")
                .hasMessageContaining("bootstrap.servers=other:9092");
    }

    @Test
    void badValuesAreRefusedAtTheSetter() {
        assertThatThrownBy(() -> minimal().historySize(0))
                .hasMessage("historySize must be at least 1, got 0");
        assertThatThrownBy(() -> minimal().lookback(8, 4))
                .hasMessage(
                        "lookback needs 1 <= initialRecords <= maxRecords, got initialRecords=8"
                                + " maxRecords=4");
        assertThatThrownBy(() -> minimal().pollTimeout(Duration.ZERO))
                .hasMessage("pollTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> minimal().maxArtifactBytes(0).build())
                .hasMessageContaining("maxArtifactBytes must be in [1, ");
        assertThatThrownBy(() -> minimal().publicKey("k1", null))
                .hasMessage("publicKey needs a key id and a key, got keyId=k1 key=null");
        assertThatThrownBy(
                        () ->
                                minimal()
                                        .publicKey("k1", SnapshotRecords.KEYS.getPublic())
                                        .publicKey("k1", SnapshotRecords.FORGER_KEYS.getPublic()))
                .hasMessage("public key id k1 is given twice");
        assertThatThrownBy(
                        () -> minimal().publicKey("a b", SnapshotRecords.KEYS.getPublic()).build())
                .hasMessageContaining("snapshot signing key id 'a b'");
        assertThatThrownBy(() -> minimal().modelTypes(java.util.Set.of()))
                .hasMessage("modelTypes must name at least one type");
    }

    @Test
    void startingAClosedSubscriberFails() {
        SnapshotSubscriber subscriber = minimal().build();
        subscriber.close();

        assertThatThrownBy(subscriber::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    private static SnapshotSubscriberBuilder minimal() {
        return SnapshotSubscriber.builder().bootstrapServers("b:9092").topic("t").modelId("m");
    }

    /** The class Javadoc's example, kept here so that it keeps compiling. Not run: no broker. */
    @SuppressWarnings("unused")
    private static void javadocExample(Impression impression) throws InterruptedException {
        try (SnapshotSubscriber subscriber =
                SnapshotSubscriber.builder()
                        .bootstrapServers("localhost:9092")
                        .topic("flowrec.snapshots")
                        .modelId("ctr")
                        .publicKeyFile("2026-12", Path.of("/etc/flowrec/snapshot-signing.pub"))
                        .build()
                        .start()) {
            subscriber.awaitVersion(1, Duration.ofMinutes(1));
            Score score = subscriber.scorer().score(impression);
        }
    }
}
