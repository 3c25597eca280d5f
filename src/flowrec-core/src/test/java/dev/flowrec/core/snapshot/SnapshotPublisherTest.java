package dev.flowrec.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final PublishSchedule EVERY_100_OR_30S =
            new PublishSchedule(100, Duration.ofSeconds(30));

    private final ManualClock clock = new ManualClock(START);
    private final FakeSnapshotSource source = new FakeSnapshotSource();

    private SnapshotPublisher.Builder builder() {
        return SnapshotPublisher.builder()
                .schedule(EVERY_100_OR_30S)
                .writer(SnapshotWriter.unsigned(1024))
                .clock(clock);
    }

    private static SnapshotManifest published(Publication p) {
        assertThat(p).isInstanceOf(Publication.Published.class);
        return ((Publication.Published) p).manifest();
    }

    @Test
    void countTriggerPublishesVersionsInOrderWithLineageAndPosition() {
        SnapshotPublisher publisher = builder().build();

        source.train(64);
        assertThat(publisher.afterTraining(source, 5L)).isSameAs(Publication.NOT_DUE);
        assertThat(source.reportsTaken + source.artifactsTaken)
                .as("a step that publishes nothing neither evaluates nor serialises")
                .isZero();

        source.train(64);
        clock.advance(Duration.ofSeconds(1));
        Publication first = publisher.afterTraining(source, 7L);
        SnapshotManifest v1 = published(first);
        assertThat(v1.getVersion()).isEqualTo(1L);
        assertThat(v1.getParentVersion()).isZero();
        assertThat(v1.getParentLineageId()).as("no parent").isEmpty();
        assertThat(v1.getLineageId()).isNotEqualTo("lineage-a").isNotEmpty();
        assertThat(v1.getLineageStartedAt()).isEqualTo(START.toEpochMilli());
        assertThat(v1.getExamplesTrained()).isEqualTo(128L);
        assertThat(v1.getWatermark()).isEqualTo(7L);
        assertThat(v1.getCreatedAt()).isEqualTo(START.plusSeconds(1).toEpochMilli());
        assertThat(first.records()).hasSize(4); // the manifest, then 3000 bytes in 1 kB chunks
        assertThat(first.records().subList(1, 4))
                .allSatisfy(
                        r ->
                                assertThat(r.getPayload())
                                        .isInstanceOfSatisfying(
                                                SnapshotChunk.class,
                                                c -> assertThat(c.getVersion()).isEqualTo(1L)));
        assertThat(first.records().get(0).getPayload()).isEqualTo(v1);

        source.train(64);
        assertThat(publisher.afterTraining(source, 8L))
                .as("the count restarts at the last publish: 64 new examples")
                .isSameAs(Publication.NOT_DUE);
        source.train(64);
        SnapshotManifest v2 = published(publisher.afterTraining(source, 9L));
        assertThat(v2.getVersion()).isEqualTo(2L);
        assertThat(v2.getParentVersion()).isEqualTo(1L);
        assertThat(publisher.state())
                .isEqualTo(
                        new PublisherState(
                                v1.getLineageId(),
                                START.toEpochMilli(),
                                v1.getLineageId(),
                                2,
                                256,
                                START.plusSeconds(1).toEpochMilli()));
        assertThat(v2.getLineageId()).isEqualTo(v1.getLineageId());
        assertThat(v2.getParentLineageId()).isEqualTo(v1.getLineageId());
    }

    @Test
    void timeTriggerPublishesAPartialIntervalOnceTheIntervalPassed() {
        SnapshotPublisher publisher = builder().build();
        source.train(16);
        clock.advance(Duration.ofSeconds(29));
        assertThat(publisher.afterTraining(source, 0L)).isSameAs(Publication.NOT_DUE);

        clock.advance(Duration.ofSeconds(1));
        SnapshotManifest v1 = published(publisher.afterTraining(source, 0L));
        assertThat(v1.getExamplesTrained()).isEqualTo(16L);
        assertThat(v1.getCreatedAt()).isEqualTo(START.plusSeconds(30).toEpochMilli());

        clock.advance(Duration.ofMinutes(5));
        assertThat(publisher.afterTraining(source, 0L))
                .as("time alone publishes nothing when nothing new was trained")
                .isSameAs(Publication.NOT_DUE);
    }

    @Test
    void endOfInputPublishesWhatWasTrainedSinceTheLastPublishWhateverTheSchedule() {
        SnapshotPublisher publisher = builder().build();
        source.train(100);
        published(publisher.afterTraining(source, 1L));
        assertThat(publisher.atEndOfInput(source, Long.MAX_VALUE))
                .as("nothing new since version 1")
                .isSameAs(Publication.NOT_DUE);

        source.train(7);
        SnapshotManifest last = published(publisher.atEndOfInput(source, Long.MAX_VALUE));
        assertThat(last.getVersion()).isEqualTo(2L);
        assertThat(last.getExamplesTrained()).isEqualTo(107L);
        assertThat(last.getWatermark()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void versionsAndTheScheduleContinueFromARestoredState() {
        SnapshotPublisher first = builder().build();
        source.train(100);
        published(first.afterTraining(source, 1L));
        source.train(100);
        published(first.afterTraining(source, 2L));
        source.train(40);
        first.afterTraining(source, 3L);
        PublisherState checkpoint = first.state();

        clock.advance(Duration.ofSeconds(10));
        SnapshotPublisher restored = builder().restoredFrom(checkpoint).build();
        assertThat(restored.state())
                .usingRecursiveComparison()
                .ignoringFields("lineageId", "lineageStartedAt")
                .isEqualTo(checkpoint);
        assertThat(restored.state().lineageId()).isNotEqualTo(checkpoint.lineageId());
        source.train(50);
        assertThat(restored.afterTraining(source, 4L))
                .as("90 examples since version 2, 10 s since it")
                .isSameAs(Publication.NOT_DUE);
        source.train(10);
        SnapshotManifest v3 = published(restored.afterTraining(source, 5L));
        assertThat(v3.getVersion()).isEqualTo(3L);
        assertThat(v3.getParentVersion()).isEqualTo(2L);
        assertThat(v3.getParentLineageId())
                .as("the fork names the lineage it continues")
                .isEqualTo(checkpoint.lineageId());
        assertThat(v3.getLineageStartedAt()).isEqualTo(START.plusSeconds(10).toEpochMilli());
        source.train(1);
        SnapshotManifest v4 = published(restored.atEndOfInput(source, 6L));
        assertThat(v4.getParentLineageId()).isEqualTo(v3.getLineageId());

        source.train(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(restored.afterTraining(source, 7L))
                .as("the time trigger too measures from the last publish")
                .isInstanceOf(Publication.Published.class);
    }

    @Test
    void aFreshPublisherStartsAtVersionZeroWithItsClock() {
        PublisherState state = builder().build().state();
        assertThat(state)
                .usingRecursiveComparison()
                .ignoringFields("lineageId")
                .isEqualTo(
                        new PublisherState(
                                "", START.toEpochMilli(), "", 0, 0, START.toEpochMilli()));
        assertThat(state.lineageId())
                .as("each start draws its own lineage")
                .isNotEqualTo(builder().build().state().lineageId());
    }

    @Test
    void aForkStartsAfterTheLineageItContinuesEvenWhenTheClockLags() {
        SnapshotPublisher first = builder().build();
        source.train(100);
        published(first.afterTraining(source, 1L));

        clock.advance(Duration.ofHours(-1));
        PublisherState forked = builder().restoredFrom(first.state()).build().state();

        assertThat(forked.lineageStartedAt()).isEqualTo(START.toEpochMilli() + 1);
        assertThat(forked.parentLineageId()).isEqualTo(first.state().lineageId());
        assertThat(forked.version()).isEqualTo(1);
    }

    /** Judges a window of 100 examples or more against an AUC floor of 0.6. */
    private static final QualityGate AUC_06 =
            QualityGate.NO_BOUNDS.withMinAuc(0.6).withMinExamples(100);

    @Test
    void aWithheldVersionUsesNoNumberButRestartsTheSchedule() {
        SnapshotPublisher publisher = builder().qualityGate(AUC_06).build();
        source.train(100);
        Publication first = publisher.afterTraining(source, 1L);
        published(first);
        assertThat(((Publication.Published) first).window())
                .as("the window the gate passed, also what the manifest is described with")
                .isEqualTo(FakeSnapshotSource.withAuc(0.7))
                .isSameAs(source.describedWindow);

        EvaluationReport nan = FakeSnapshotSource.withAuc(Double.NaN);
        source.windowed(nan);
        source.train(100);
        clock.advance(Duration.ofSeconds(3));
        Publication withheld = publisher.afterTraining(source, 2L);
        assertThat(withheld)
                .isEqualTo(
                        new Publication.Withheld(
                                List.of(
                                        new GateFinding(
                                                GateCheck.NON_FINITE,
                                                "feed/click",
                                                "auc",
                                                Double.NaN,
                                                Double.NaN,
                                                100)),
                                200,
                                nan));
        assertThat(((Publication.Withheld) withheld).reason())
                .isEqualTo("feed/click: auc is NaN over the last 100 final labels");
        assertThat(withheld.records()).isEmpty();
        assertThat(source.artifactsTaken).as("a withheld model is not serialised").isEqualTo(1);
        assertThat(publisher.state())
                .extracting(
                        PublisherState::version,
                        PublisherState::examplesAtLastPublish,
                        PublisherState::lastPublishMillis)
                .containsExactly(1L, 200L, START.plusSeconds(3).toEpochMilli());

        source.windowed(FakeSnapshotSource.withAuc(0.5));
        source.train(100);
        assertThat(publisher.afterTraining(source, 3L)).isInstanceOf(Publication.Withheld.class);
        assertThat(publisher.atEndOfInput(source, 3L))
                .as("nothing new since the withheld attempt")
                .isSameAs(Publication.NOT_DUE);

        source.windowed(FakeSnapshotSource.withAuc(0.75));
        source.train(100);
        SnapshotManifest v2 = published(publisher.afterTraining(source, 4L));
        assertThat(v2.getVersion()).isEqualTo(2L);
        assertThat(v2.getParentVersion()).isEqualTo(1L);
    }

    @Test
    void theGateJudgesTheFinalLabelWindowNotTheOnlineFigures() {
        SnapshotPublisher publisher = builder().qualityGate(AUC_06).build();
        source.evaluated(FakeSnapshotSource.withAuc(0.99));
        source.windowed(FakeSnapshotSource.withAuc(0.55));
        source.train(100);
        assertThat(publisher.afterTraining(source, 1L)).isInstanceOf(Publication.Withheld.class);

        source.evaluated(FakeSnapshotSource.withAuc(0.1));
        source.windowed(FakeSnapshotSource.withAuc(0.65));
        source.train(100);
        assertThat(published(publisher.afterTraining(source, 2L)).getVersion()).isEqualTo(1L);
    }

    @Test
    void theFirstVersionOfALineageIsWithheldUntilACellHasEnoughFinalLabels() {
        SnapshotPublisher publisher = builder().qualityGate(AUC_06).build();
        source.windowed(
                new EvaluationReport(Map.of("feed/click", new CellReport(99, 10, 0.9, 0.3, 1.0))));
        source.train(100);

        Publication first = publisher.afterTraining(source, 1L);

        assertThat(first)
                .isInstanceOfSatisfying(
                        Publication.Withheld.class,
                        w ->
                                assertThat(w.findings())
                                        .extracting(GateFinding::check)
                                        .containsExactly(GateCheck.NO_EVIDENCE));
        assertThat(publisher.state().version()).isZero();

        source.windowed(FakeSnapshotSource.withAuc(0.9));
        source.train(100);
        SnapshotManifest v1 = published(publisher.afterTraining(source, 2L));
        assertThat(v1.getVersion()).isEqualTo(1L);
        assertThat(v1.getParentVersion()).isZero();
    }

    @Test
    void buildNamesEveryMissingSetting() {
        assertThatThrownBy(() -> SnapshotPublisher.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[schedule, writer]");
    }
}
