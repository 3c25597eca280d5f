package dev.flowrec.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.events.Impression;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private final ModelRegistry registry =
            new ModelRegistry(
                    "flowrec.snapshots",
                    () -> SnapshotAssembler.builder().build(),
                    FakeModel::load,
                    2,
                    new SnapshotListener() {},
                    Clock.systemUTC());
    private final SwapTimes swapTimes = new SwapTimes();
    private final Scorer scorer =
            new Scorer(
                    registry::currentOrNull,
                    () -> "no model loaded yet from topic flowrec.snapshots",
                    swapTimes);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static Impression impression(String id, String scenario) {
        return Impression.newBuilder()
                .setImpressionId(id)
                .setEventTime(1_000L)
                .setUserId("u-" + id)
                .setItemId("i-" + id)
                .setScenario(scenario)
                .setCategorical(Map.of("device", "ios"))
                .setNumeric(Map.of("price", 9.5))
                .build();
    }

    private FakeModel load(long version, float output) {
        SnapshotRecords.version(version, output).forEach(registry::offer);
        return (FakeModel) registry.currentOrNull().model();
    }

    @Test
    void withoutAModelScoringFailsNamingTheTopic() {
        assertThatThrownBy(() -> scorer.score(impression("a", "feed")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no model loaded yet from topic flowrec.snapshots");
    }

    @Test
    void scoresApplyEachTasksTransformAndNameTheVersion() {
        load(7, 0.25f);

        Score score = scorer.score(impression("a", "search"));

        assertThat(score.modelVersion()).isEqualTo(7);
        assertThat(score.modelLineage()).isEqualTo(SnapshotRecords.LINEAGE);
        assertThat(score.probabilities()).containsOnlyKeys("click", "conversion");
        assertThat(score.probability("click")).isCloseTo(0.25, within(1e-7));
        assertThat(score.probability("conversion"))
                .as("fnc: q / (1 - q)")
                .isCloseTo(1.0 / 3.0, within(1e-6));
        assertThatThrownBy(() -> score.probability("like"))
                .hasMessage(
                        "task 'like' is not scored by model version 7; its tasks are [click,"
                                + " conversion]");
    }

    @Test
    void aListIsScoredAsOneBatchInInputOrder() {
        FakeModel model = load(1, 0.1f);
        List<Impression> impressions =
                List.of(
                        impression("a", "feed"),
                        impression("b", "search"),
                        impression("c", "feed"));

        List<Score> scores = scorer.score(impressions);

        assertThat(scores).hasSize(3).allSatisfy(s -> assertThat(s.modelVersion()).isEqualTo(1));
        assertThat(model.batches)
                .singleElement()
                .satisfies(
                        batch -> {
                            assertThat(batch.size()).isEqualTo(3);
                            assertThat(batch.scenarios()).containsExactly(0, 1, 0);
                            assertThat(batch.fields())
                                    .isEqualTo(FakeModel.SETTINGS.features().fieldCount());
                            int[] expected =
                                    FakeModel.SETTINGS.features().encode(impressions.get(1));
                            int[] row = new int[batch.fields()];
                            System.arraycopy(
                                    batch.featureRows(), batch.fields(), row, 0, batch.fields());
                            assertThat(row).isEqualTo(expected);
                            assertThat(batch.weights()).containsOnly(0f);
                        });
        assertThat(scorer.score(List.of())).isEmpty();
    }

    @Test
    void anUnknownScenarioIsRefusedNamingTheKnownOnes() {
        load(3, 0.1f);

        assertThatThrownBy(() -> scorer.score(impression("x", "detail")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "impression 'x' has scenario 'detail', unknown to model version 3; its"
                                + " scenarios are [feed, search]");
    }

    @Test
    void concurrentCallsRunInParallelInsteadOfQueueingBehindOneModel() throws Exception {
        FakeModel model = load(1, 0.1f);
        List<Future<?>> calls = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            calls.add(
                    pool.submit(
                            () -> {
                                for (int i = 0; i < 50; i++) {
                                    scorer.score(impression(thread + "-" + i, "feed"));
                                }
                            }));
        }
        for (Future<?> call : calls) {
            call.get(60, TimeUnit.SECONDS);
        }

        assertThat(model.batches).hasSize(400);
        assertThat(model.overlapped).as("predict ran concurrently").isTrue();
    }

    @Test
    void aSwapDuringScoringIsSeenByTheNextCall() {
        load(1, 0.1f);
        Score before = scorer.score(impression("a", "feed"));
        load(2, 0.2f);
        Score after = scorer.score(impression("a", "feed"));

        assertThat(before.modelVersion()).isEqualTo(1);
        assertThat(after.modelVersion()).isEqualTo(2);
        assertThat(after.probability("click")).isCloseTo(0.2, within(1e-7));
    }

    @Test
    void theFirstAnswerOfALiveSwapIsTimedOnce() {
        load(1, 0.1f);
        scorer.score(impression("a", "feed"));
        scorer.score(impression("b", "feed"));
        load(2, 0.2f);
        scorer.score(impression("c", "feed"));

        assertThat(swapTimes.count()).as("one timed swap per version").isEqualTo(2);
        assertThat(swapTimes.recent())
                .allSatisfy(d -> assertThat(d).isPositive().isLessThan(Duration.ofSeconds(30)));
    }

    @Test
    void aPinnedVersionsLaterSwapIsNotTimed() {
        load(1, 0.1f);
        registry.pin(java.util.OptionalLong.of(1));
        load(2, 0.2f);
        registry.unpin();
        scorer.score(impression("a", "feed"));

        assertThat(scorer.score(impression("b", "feed")).modelVersion()).isEqualTo(2);
        assertThat(swapTimes.count()).isZero();
    }

    @Test
    void scoresAreUnmodifiable() {
        load(1, 0.1f);
        Score score = scorer.score(impression("a", "feed"));

        assertThatThrownBy(() -> score.probabilities().put("click", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
