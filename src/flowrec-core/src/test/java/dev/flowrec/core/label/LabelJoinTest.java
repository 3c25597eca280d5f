package dev.flowrec.core.label;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.JoinState;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each policy's exact emissions for hand-written event sequences (click C=10s W=30s, conversion
 * C=60s W=300s, orphan wait 20s). An example is written {@code emitTime task=label/KIND ...}.
 */
class LabelJoinTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed"), List.of("click", "conversion"));
    private static final LabelWindows WINDOWS =
            LabelWindows.of(
                    SPACE.tasks(),
                    Map.of("click", Duration.ofSeconds(10), "conversion", Duration.ofSeconds(60)),
                    Map.of("click", Duration.ofSeconds(30), "conversion", Duration.ofSeconds(300)));
    private final LabelJoin join = join(EmissionPolicy.ES_DFM);
    private final JoinState state = LabelJoin.emptyState();

    private static LabelJoin join(EmissionPolicy policy) {
        return new LabelJoin(
                SPACE,
                WINDOWS,
                LabelPolicies.uniform(SPACE.tasks(), policy, LossCorrection.NONE),
                Duration.ofSeconds(20));
    }

    private static Impression impression(long time) {
        return Impression.newBuilder()
                .setImpressionId("i1")
                .setEventTime(time)
                .setUserId("u")
                .setItemId("v")
                .setScenario("feed")
                .build();
    }

    private static Feedback feedback(String task, long time) {
        return Feedback.newBuilder().setImpressionId("i1").setTask(task).setEventTime(time).build();
    }

    static String describe(TrainingExample e) {
        return e.getEmitTime()
                + " "
                + new TreeMap<>(e.getLabels())
                        .entrySet().stream()
                                .map(
                                        l ->
                                                l.getKey()
                                                        + "="
                                                        + l.getValue().getLabel()
                                                        + "/"
                                                        + l.getValue().getEmitKind())
                                .collect(Collectors.joining(" "));
    }

    /**
     * Impression at 0, click feedback at 4s (inside C), conversion feedback at 100s (after C,
     * inside W), then the watermark advancing in steps to the end; everything emitted, in order.
     */
    private static List<String> emissionsOfAClickAndADelayedConversion(EmissionPolicy policy) {
        LabelJoin join = join(policy);
        JoinState state = LabelJoin.emptyState();
        List<TrainingExample> out = new ArrayList<>();
        out.addAll(join.onImpression(state, impression(0)).examples());
        out.addAll(join.onTimer(state, 0).examples());
        out.addAll(join.onFeedback(state, feedback("click", 4_000)).examples());
        for (long t : new long[] {4_000, 10_000, 30_000, 60_000}) {
            out.addAll(join.onTimer(state, t).examples());
        }
        out.addAll(join.onFeedback(state, feedback("conversion", 100_000)).examples());
        for (long t : new long[] {100_000, 300_000}) {
            JoinOutput step = join.onTimer(state, t);
            out.addAll(step.examples());
            assertThat(step.isStateCleared()).isEqualTo(t == 300_000);
        }
        return out.stream().map(LabelJoinTest::describe).toList();
    }

    @Test
    void waitEmitsTheFinalLabelOnceTheAttributionWindowCloses() {
        assertThat(emissionsOfAClickAndADelayedConversion(EmissionPolicy.WAIT))
                .containsExactly(
                        "30000 click=1/OBSERVED", "30000 click=1/FINAL",
                        "300000 conversion=1/OBSERVED", "300000 conversion=1/FINAL");
    }

    @Test
    void vanillaEmitsWhatWasSeenWithinTheObservationWindowAndDropsLaterFeedback() {
        assertThat(emissionsOfAClickAndADelayedConversion(EmissionPolicy.VANILLA))
                .containsExactly(
                        "10000 click=1/OBSERVED", "30000 click=1/FINAL",
                        "60000 conversion=0/OBSERVED", "300000 conversion=1/FINAL");
    }

    @Test
    void fakeNegativeEmitsNegativesAtImpressionTimeAndPositivesAtFeedbackTime() {
        assertThat(emissionsOfAClickAndADelayedConversion(EmissionPolicy.FAKE_NEGATIVE))
                .containsExactly(
                        "0 click=0/FAKE_NEGATIVE conversion=0/FAKE_NEGATIVE",
                        "4000 click=1/DELAYED_POSITIVE",
                        "30000 click=1/FINAL",
                        "100000 conversion=1/DELAYED_POSITIVE",
                        "300000 conversion=1/FINAL");
    }

    @Test
    void esDfmEmitsAtTheObservationWindowAndDuplicatesLatePositives() {
        assertThat(emissionsOfAClickAndADelayedConversion(EmissionPolicy.ES_DFM))
                .containsExactly(
                        "10000 click=1/OBSERVED",
                        "30000 click=1/FINAL",
                        "60000 conversion=0/OBSERVED",
                        "100000 conversion=1/DELAYED_POSITIVE",
                        "300000 conversion=1/FINAL");
    }

    @Test
    void deferAddsASecondCopyOfEveryImpressionAtItsFinalLabel() {
        assertThat(emissionsOfAClickAndADelayedConversion(EmissionPolicy.DEFER))
                .containsExactly(
                        "4000 click=1/DELAYED_POSITIVE",
                        "10000 click=1/OBSERVED",
                        "30000 click=1/FINAL",
                        "60000 conversion=0/OBSERVED",
                        "100000 conversion=1/DELAYED_POSITIVE",
                        "300000 conversion=1/FINAL");
    }

    @Test
    void deferEmitsARealNegativeWhenTheWindowClosesWithoutFeedback() {
        LabelJoin defer = join(EmissionPolicy.DEFER);
        defer.onImpression(state, impression(0));
        assertThat(defer.onTimer(state, 30_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly(
                        "10000 click=0/OBSERVED",
                        "30000 click=0/REAL_NEGATIVE",
                        "30000 click=0/FINAL");
    }

    @Test
    void inOrderClickThenLateConversionCarriesTimesAndWritesStateOnlyWhenChanged() {
        JoinOutput first = join.onImpression(state, impression(1_000));
        assertThat(first.isStateChanged()).isTrue();
        assertThat(first.pendingImpressionChange())
                .as("the impression now waits for its windows")
                .isEqualTo(1);
        assertThat(first.timers()).containsExactlyInAnyOrder(11_000L, 31_000L, 61_000L, 301_000L);
        assertThat(join.onFeedback(state, feedback("click", 3_000)).examples()).isEmpty();

        JoinOutput atClickWindow = join.onTimer(state, 11_000);
        assertThat(atClickWindow.examples())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.getLabels())
                                    .containsExactly(
                                            Map.entry(
                                                    "click",
                                                    new TaskLabel(1, EmitKind.OBSERVED, 3_000L)));
                            assertThat(e.getImpression().getEventTime()).isEqualTo(1_000L);
                            assertThat(e.getEmitTime()).isEqualTo(11_000L);
                            assertThat(e.getElapsedSeconds()).isEqualTo(10.0);
                        });
        assertThat(join.onFeedback(state, feedback("conversion", 100_000)).timers())
                .containsExactly(100_000L);
        assertThat(join.onTimer(state, 100_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly(
                        "31000 click=1/FINAL",
                        "61000 conversion=0/OBSERVED",
                        "100000 conversion=1/DELAYED_POSITIVE");
        assertThat(join.onTimer(state, 100_001).isStateChanged())
                .as("nothing due, nothing to write")
                .isFalse();
        JoinOutput end = join.onTimer(state, 301_000);
        assertThat(end.examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly("301000 conversion=1/FINAL");
        assertThat(end.isStateCleared()).isTrue();
        assertThat(end.pendingImpressionChange()).isEqualTo(-1);
    }

    @Test
    void outOfOrderFeedbackBeyondTheWindowThatArrivesBeforeTheTimerStillGivesADelayedPositive() {
        join.onImpression(state, impression(0));
        assertThat(join.onFeedback(state, feedback("click", 15_000)).timers())
                .containsExactly(15_000L);
        assertThat(join.onTimer(state, 20_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly("10000 click=0/OBSERVED", "15000 click=1/DELAYED_POSITIVE");
        assertThat(join.onTimer(state, 25_000).examples()).as("emitted once").isEmpty();
    }

    @Test
    void tasksWhoseWindowsCloseTogetherShareOneExample() {
        LabelJoin sameWindows =
                new LabelJoin(
                        SPACE,
                        LabelWindows.of(
                                SPACE.tasks(),
                                Map.of(
                                        "click",
                                        Duration.ofSeconds(10),
                                        "conversion",
                                        Duration.ofSeconds(10)),
                                Map.of(
                                        "click",
                                        Duration.ofSeconds(30),
                                        "conversion",
                                        Duration.ofSeconds(30))),
                        LabelPolicies.uniform(
                                SPACE.tasks(), EmissionPolicy.ES_DFM, LossCorrection.NONE),
                        Duration.ofSeconds(20));
        sameWindows.onImpression(state, impression(0));
        sameWindows.onFeedback(state, feedback("conversion", 5_000));
        assertThat(sameWindows.onTimer(state, 30_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly(
                        "10000 click=0/OBSERVED conversion=1/OBSERVED",
                        "30000 click=0/FINAL conversion=1/FINAL");
    }

    @Test
    void tasksFollowTheirOwnPolicies() {
        LabelJoin mixed =
                new LabelJoin(
                        SPACE,
                        WINDOWS,
                        LabelPolicies.of(
                                SPACE.tasks(),
                                Map.of(
                                        "click",
                                        EmissionPolicy.VANILLA,
                                        "conversion",
                                        EmissionPolicy.FAKE_NEGATIVE),
                                Map.of("conversion", LossCorrection.FNW)),
                        Duration.ofSeconds(20));
        mixed.onImpression(state, impression(0));
        assertThat(mixed.onTimer(state, 10_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly("0 conversion=0/FAKE_NEGATIVE", "10000 click=0/OBSERVED");
    }

    @Test
    void oneLateTimerEmitsEverythingThatIsDueOldestFirst() {
        join.onImpression(state, impression(0));
        JoinOutput out = join.onTimer(state, 500_000);
        assertThat(out.examples())
                .extracting(TrainingExample::getEmitTime)
                .containsExactly(10_000L, 30_000L, 60_000L, 300_000L);
        assertThat(out.isStateCleared()).isTrue();
    }

    @Test
    void feedbackBeforeItsImpressionWaitsAndThenJoins() {
        JoinOutput early = join.onFeedback(state, feedback("click", 1_500));
        assertThat(early.timers()).containsExactly(21_500L);
        assertThat(early.examples()).isEmpty();
        join.onImpression(state, impression(1_000));
        assertThat(state.getOrphans()).isEmpty();
        assertThat(join.onTimer(state, 11_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly("11000 click=1/OBSERVED");
    }

    @Test
    void feedbackStampedBeforeItsImpressionCountsAtTheImpressionTime() {
        LabelJoin fakeNegative = join(EmissionPolicy.FAKE_NEGATIVE);
        fakeNegative.onFeedback(state, feedback("click", 500));
        fakeNegative.onImpression(state, impression(1_000));
        assertThat(fakeNegative.onTimer(state, 1_000).examples())
                .extracting(LabelJoinTest::describe)
                .containsExactly(
                        "1000 click=0/FAKE_NEGATIVE conversion=0/FAKE_NEGATIVE",
                        "1000 click=1/DELAYED_POSITIVE");
    }

    @Test
    void orphanWithoutImpressionIsDeadLetteredAndStateFinishes() {
        join.onFeedback(state, feedback("click", 1_000));
        assertThat(join.onTimer(state, 20_999).rejected()).isEmpty();
        JoinOutput expired = join.onTimer(state, 21_000);
        assertThat(expired.rejected())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(DeadLetterReason.ORPHAN_FEEDBACK);
                            assertThat(r.message()).contains("no impression 'i1'");
                        });
        assertThat(expired.isStateCleared()).isTrue();
        assertThat(expired.pendingImpressionChange()).as("no impression was pending").isZero();
    }

    @Test
    void duplicateFeedbackIsCountedAndIgnored() {
        join.onImpression(state, impression(0));
        join.onFeedback(state, feedback("click", 1_000));
        JoinOutput dup = join.onFeedback(state, feedback("click", 2_000));
        assertThat(dup.duplicateFeedbackCount()).isEqualTo(1);
        assertThat(dup.isStateChanged()).as("a duplicate costs no state write").isFalse();
        assertThat(state.getFeedbackTimes()).containsEntry("click", 1_000L);
        JoinOutput duplicate = join.onImpression(state, impression(0));
        assertThat(duplicate.isDuplicateImpression()).isTrue();
        assertThat(duplicate.pendingImpressionChange()).isZero();
    }

    @Test
    void feedbackAfterTheAttributionWindowIsLate() {
        join.onImpression(state, impression(0));
        JoinOutput late = join.onFeedback(state, feedback("click", 30_001));
        assertThat(late.rejected())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(DeadLetterReason.LATE_FEEDBACK);
                            assertThat(r.message()).contains("beyond the attribution window");
                        });
        assertThat(late.examples()).isEmpty();
        assertThat(state.getFeedbackTimes()).isEmpty();
    }

    @Test
    void feedbackArrivingAfterItsFinalLabelWasEmittedIsLate() {
        LabelJoin defer = join(EmissionPolicy.DEFER);
        defer.onImpression(state, impression(0));
        defer.onTimer(state, 30_000);
        JoinOutput late = defer.onFeedback(state, feedback("click", 29_000));
        assertThat(late.rejected())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(DeadLetterReason.LATE_FEEDBACK);
                            assertThat(r.message()).contains("final label was emitted");
                        });
        assertThat(defer.onTimer(state, 40_000).examples())
                .as("the real negative stands alone")
                .isEmpty();
    }
}
