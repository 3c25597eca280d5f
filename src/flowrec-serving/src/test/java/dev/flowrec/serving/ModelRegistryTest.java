package dev.flowrec.serving;

import static dev.flowrec.serving.SnapshotRecords.MODEL;
import static dev.flowrec.serving.SnapshotRecords.corruptChunk;
import static dev.flowrec.serving.SnapshotRecords.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final RecordingListener listener = new RecordingListener();

    private ModelRegistry registry(ModelLoader loader, int history) {
        return new ModelRegistry(
                "flowrec.snapshots",
                () -> SnapshotAssembler.builder().modelId(MODEL).build(),
                loader,
                history,
                listener,
                Clock.systemUTC());
    }

    private ModelRegistry registry() {
        return registry(FakeModel::load, 3);
    }

    private static void offer(ModelRegistry registry, List<SnapshotRecord> records) {
        records.forEach(registry::offer);
    }

    @Test
    void aCompleteVersionIsLoadedAndSwappedIn() {
        ModelRegistry registry = registry();
        assertThat(registry.currentVersion()).isZero();
        assertThat(registry.current()).isEmpty();

        offer(registry, version(1, 0.2f));

        assertThat(registry.currentVersion()).isEqualTo(1);
        assertThat(registry.loadedCount()).isEqualTo(1);
        assertThat(listener.loaded).containsExactly(1L);
        assertThat(registry.current())
                .hasValueSatisfying(
                        m -> {
                            assertThat(m.tasks()).containsExactly("click", "conversion");
                            assertThat(m.manifest().getExamplesTrained()).isEqualTo(100);
                            assertThat(((FakeModel) m.model()).output).isEqualTo(0.2f);
                        });
    }

    @Test
    void aRejectedVersionIsCountedAndTheCurrentModelKeepsServing() {
        ModelRegistry registry = registry();
        offer(registry, version(1, 0.2f));
        LoadedModel serving = registry.currentOrNull();

        offer(registry, corruptChunk(version(2, 0.3f), 1));

        assertThat(registry.currentOrNull()).isSameAs(serving);
        assertThat(registry.rejectedCount(RejectReason.CORRUPT_CHUNK)).isEqualTo(1);
        assertThat(registry.rejectedCounts())
                .containsEntry(RejectReason.CORRUPT_CHUNK, 1L)
                .containsEntry(RejectReason.HASH_MISMATCH, 0L)
                .hasSize(RejectReason.values().length);
        assertThat(listener.rejected)
                .singleElement()
                .satisfies(r -> assertThat(r.chunkIndex()).hasValue(1));
    }

    @Test
    void anArtifactThatDoesNotLoadIsLoadFailed() {
        ModelRegistry registry = registry();
        offer(registry, version(1, 0.2f));

        offer(registry, version(SnapshotWriter.unsigned(8), MODEL, 2, "not a model".getBytes()));

        assertThat(registry.currentVersion()).isEqualTo(1);
        assertThat(registry.rejectedCount(RejectReason.LOAD_FAILED)).isEqualTo(1);
        assertThat(listener.rejected.get(0).message()).contains("not a fake model artifact");
    }

    @Test
    void anArtifactThatContradictsItsManifestIsIncompatible() {
        ModelRegistry registry = registry();
        byte[] otherTasks = FakeModel.artifact(0.2f, List.of("click", "like"));

        offer(registry, version(SnapshotWriter.unsigned(8), MODEL, 1, otherTasks));

        assertThat(registry.currentVersion()).isZero();
        assertThat(registry.rejectedCount(RejectReason.INCOMPATIBLE)).isEqualTo(1);
        assertThat(listener.rejected.get(0).message())
                .isEqualTo(
                        "the artifact's tasks [click, like] differ from the manifest's [click,"
                                + " conversion]");
    }

    @Test
    void theLastVersionsAreKeptForRollback() {
        ModelRegistry registry = registry(FakeModel::load, 2);
        for (int v = 1; v <= 3; v++) {
            offer(registry, version(v, 0.1f * v));
        }
        assertThat(registry.keptVersions()).containsExactly(2L, 3L);

        LoadedModel back = registry.rollbackTo(2);

        assertThat(back.version()).isEqualTo(2);
        assertThat(registry.currentVersion()).isEqualTo(2);
        assertThat(listener.rolledBack).containsExactly(2L);
        assertThatThrownBy(() -> registry.rollbackTo(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version 1 is not among the versions kept for rollback: [2, 3]");

        offer(registry, version(4, 0.4f));
        assertThat(registry.currentVersion())
                .as("a newer snapshot replaces a rollback")
                .isEqualTo(4);
        assertThat(registry.keptVersions()).containsExactly(3L, 4L);
    }

    @Test
    void awaitVersionWakesUpOnLoadAndTimesOut() throws Exception {
        ModelRegistry registry = registry();
        assertThat(registry.awaitVersion(1, Duration.ofMillis(20))).isFalse();

        CompletableFuture<Boolean> waiting =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return registry.awaitVersion(2, Duration.ofSeconds(30));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        offer(registry, version(1, 0.1f));
        offer(registry, version(2, 0.2f));

        assertThat(waiting.get()).isTrue();
        assertThat(registry.awaitVersion(1, Duration.ZERO)).isTrue();
    }

    @Test
    void catchUpLoadsOnlyTheNewestAndReportsEachRejectionOnce() {
        ModelRegistry registry = registry();
        registry.startCatchUpAttempt();
        offer(registry, version(1, 0.1f));
        offer(registry, corruptChunk(version(2, 0.2f), 0));
        offer(registry, version(3, 0.3f));
        assertThat(registry.foundDuringCatchUp()).isTrue();
        // A wider look-back reads the same records again.
        registry.startCatchUpAttempt();
        offer(registry, version(1, 0.1f));
        offer(registry, corruptChunk(version(2, 0.2f), 0));
        offer(registry, version(3, 0.3f));
        assertThat(registry.currentVersion()).as("nothing loads before catch-up ends").isZero();

        registry.finishCatchUp();

        assertThat(registry.currentVersion()).isEqualTo(3);
        assertThat(registry.loadedCount()).isEqualTo(1);
        assertThat(registry.rejectedCount(RejectReason.CORRUPT_CHUNK)).isEqualTo(1);
        assertThat(registry.rejectedCount(RejectReason.STALE_VERSION)).isZero();

        offer(registry, version(3, 0.3f));
        offer(registry, version(4, 0.4f));
        assertThat(registry.currentVersion()).isEqualTo(4);
        assertThat(registry.rejectedCount(RejectReason.STALE_VERSION)).isZero();
    }

    @Test
    void versionsCutOffByTheLookBackWindowAreNotReported() {
        ModelRegistry registry = registry();
        List<SnapshotRecord> v1 = version(1, 0.1f);
        registry.startCatchUpAttempt();
        offer(registry, v1.subList(2, v1.size()));

        registry.finishCatchUp();
        offer(registry, version(2, 0.2f));

        assertThat(registry.currentVersion()).isEqualTo(2);
        assertThat(listener.rejected).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotStopLoading() {
        ModelRegistry registry =
                new ModelRegistry(
                        "t",
                        () -> SnapshotAssembler.builder().build(),
                        FakeModel::load,
                        1,
                        new SnapshotListener() {
                            @Override
                            public void onLoaded(LoadedModel model) {
                                throw new IllegalStateException("listener bug");
                            }
                        },
                        Clock.systemUTC());

        offer(registry, version(1, 0.1f));
        offer(registry, version(2, 0.1f));

        assertThat(registry.currentVersion()).isEqualTo(2);
    }

    private static float servedOutput(ModelRegistry registry) {
        return ((FakeModel) registry.currentOrNull().model()).output;
    }

    @Test
    void aJobStartedWithoutStateAfterV50IsAdopted() {
        ModelRegistry registry = registry();
        FakeJob old = FakeJob.startedAt(T0);
        for (int v = 1; v <= 50; v++) {
            offer(registry, old.publish(0.01f * v));
        }
        assertThat(registry.currentVersion()).isEqualTo(50);

        FakeJob fresh = FakeJob.startedAt(T0.plus(Duration.ofHours(3)));
        List<SnapshotRecord> v1 = fresh.publish(0.9f);
        offer(registry, v1);

        assertThat(servedOutput(registry)).isEqualTo(0.9f);
        assertThat(registry.currentVersion()).isEqualTo(1);
        assertThat(registry.currentOrNull().lineageId())
                .isEqualTo(FakeJob.manifest(v1).getLineageId());
        offer(registry, fresh.publish(0.8f));
        assertThat(servedOutput(registry)).isEqualTo(0.8f);
        assertThat(registry.rejectedCounts().values()).containsOnly(0L);
    }

    @Test
    void aJobRestoredFromAnOlderCheckpointIsFollowed() {
        ModelRegistry registry = registry();
        FakeJob job = FakeJob.startedAt(T0);
        for (int v = 1; v <= 10; v++) {
            offer(registry, job.publish(0.01f * v));
        }
        var checkpointAtV10 = job.checkpoint();
        offer(registry, job.publish(0.11f));
        offer(registry, job.publish(0.12f));

        FakeJob restored = FakeJob.restoredAt(T0.plus(Duration.ofHours(1)), checkpointAtV10);
        offer(registry, restored.publish(0.5f));
        assertThat(servedOutput(registry)).isEqualTo(0.5f);
        offer(registry, restored.publish(0.6f));
        assertThat(servedOutput(registry)).isEqualTo(0.6f);
        assertThat(registry.rejectedCounts().values()).containsOnly(0L);
    }

    @Test
    void aReplayedOldSnapshotDuringCatchUpIsIgnored() {
        ModelRegistry registry = registry();
        FakeJob old = FakeJob.startedAt(T0);
        List<List<SnapshotRecord>> oldVersions = new java.util.ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            oldVersions.add(old.publish(0.01f * v));
        }
        FakeJob fresh = FakeJob.startedAt(T0.plus(Duration.ofHours(3)));

        registry.startCatchUpAttempt();
        offer(registry, oldVersions.get(4));
        offer(registry, fresh.publish(0.7f));
        offer(registry, fresh.publish(0.8f));
        offer(registry, oldVersions.get(2)); // replayed by someone re-producing old records
        registry.finishCatchUp();

        assertThat(servedOutput(registry)).isEqualTo(0.8f);
        offer(registry, oldVersions.get(4));
        offer(registry, oldVersions.get(3));
        assertThat(servedOutput(registry)).as("a replay after catch-up").isEqualTo(0.8f);
        assertThat(registry.loadedCount()).isEqualTo(1);
    }

    @Test
    void historySizeMustBePositive() {
        assertThatThrownBy(() -> registry(FakeModel::load, 0))
                .hasMessage("historySize must be at least 1, got 0");
    }

    @Test
    void aPinHoldsAcrossNewPublishesUntilReleased() {
        ModelRegistry registry = registry(FakeModel::load, 2);
        offer(registry, version(1, 0.1f));
        offer(registry, version(2, 0.2f));

        assertThat(registry.pin(OptionalLong.of(1)).version()).isEqualTo(1);
        offer(registry, version(3, 0.3f));
        offer(registry, version(4, 0.4f));

        assertThat(registry.currentVersion()).isEqualTo(1);
        assertThat(registry.pinned()).hasValueSatisfying(m -> assertThat(m.version()).isOne());
        // The pinned version outlives the history size; the newest are kept for the release.
        assertThat(registry.keptVersions()).containsExactly(1L, 4L);
        assertThat(registry.loadedCount()).isEqualTo(4);
        assertThatThrownBy(() -> registry.rollbackTo(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1 is pinned");

        assertThat(registry.unpin()).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(4));
        assertThat(registry.currentVersion()).isEqualTo(4);
        assertThat(registry.pinned()).isEmpty();
        assertThat(registry.unpin()).isEmpty();
        offer(registry, version(5, 0.5f));
        assertThat(registry.currentVersion()).isEqualTo(5);
        assertThat(registry.keptVersions()).containsExactly(4L, 5L);
    }

    @Test
    void pinningWithoutAVersionHoldsTheServedOneAndAnUnknownVersionIsRefused() {
        ModelRegistry registry = registry();
        assertThatThrownBy(() -> registry.pin(OptionalLong.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no model is loaded yet");
        offer(registry, version(1, 0.1f));
        assertThatThrownBy(() -> registry.pin(OptionalLong.of(7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 7 is not among the versions kept");

        registry.pin(OptionalLong.empty());
        offer(registry, version(2, 0.2f));

        assertThat(registry.currentVersion()).isEqualTo(1);
        assertThat(listener.loaded).containsExactly(1L, 2L);
    }
}
