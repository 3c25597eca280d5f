package dev.flowrec.core.label;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.JoinState;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ES-DFM emissions for hand-written event sequences (click C=10s W=30s, conversion C=60s W=300s). */
class LabelJoinTest {
    private static final ScenarioTaskSpace SPACE = new ScenarioTaskSpace(List.of("feed"), List.of("click", "conversion"));
    private static final LabelWindows WINDOWS = LabelWindows.of(SPACE.tasks(),
            Map.of("click", Duration.ofSeconds(10), "conversion", Duration.ofSeconds(60)),
            Map.of("click", Duration.ofSeconds(30), "conversion", Duration.ofSeconds(300)));
    private final LabelJoin join = new LabelJoin(SPACE, WINDOWS, Duration.ofSeconds(20));
    private final JoinState state = LabelJoin.emptyState();

    private static Impression impression(long time) {
        return Impression.newBuilder().setImpressionId("i1").setEventTime(time).setUserId("u").setItemId("v")
                .setScenario("feed").build();
    }

    private static Feedback feedback(String task, long time) {
        return Feedback.newBuilder().setImpressionId("i1").setTask(task).setEventTime(time).build();
    }

    private static Map<String, TaskLabel> labels(JoinOutput out) {
        assertThat(out.examples()).hasSize(1);
        return out.examples().get(0).getLabels();
    }

    @Test
    void inOrderClickThenLateConversionGivesObservedExamplesAndADelayedPositive() {
        JoinOutput first = join.onImpression(state, impression(1_000));
        assertThat(first.isStateChanged()).isTrue();
        assertThat(first.timers()).containsExactlyInAnyOrder(11_000L, 61_000L, 301_000L);
        assertThat(join.onFeedback(state, feedback("click", 3_000)).examples()).isEmpty();

        JoinOutput atClickWindow = join.onTimer(state, 11_000);
        assertThat(labels(atClickWindow)).containsOnlyKeys("click");
        assertThat(labels(atClickWindow).get("click")).isEqualTo(new TaskLabel(1, EmitKind.OBSERVED, 3_000L));
        assertThat(atClickWindow.examples().get(0).getElapsedSeconds()).isEqualTo(10.0);

        JoinOutput atConversionWindow = join.onTimer(state, 61_000);
        assertThat(labels(atConversionWindow)).containsExactly(
                Map.entry("conversion", new TaskLabel(0, EmitKind.OBSERVED, null)));

        assertThat(join.onFeedback(state, feedback("conversion", 100_000)).timers()).containsExactly(100_000L);
        JoinOutput late = join.onTimer(state, 100_000);
        assertThat(labels(late)).containsExactly(
                Map.entry("conversion", new TaskLabel(1, EmitKind.DELAYED_POSITIVE, 100_000L)));
        assertThat(late.examples().get(0).getEmitTime()).isEqualTo(100_000L);

        assertThat(join.onTimer(state, 100_001).isStateChanged()).as("nothing due, nothing to write").isFalse();
        JoinOutput end = join.onTimer(state, 301_000);
        assertThat(end.examples()).isEmpty();
        assertThat(end.isStateCleared()).isTrue();
    }

    @Test
    void feedbackBeyondTheWindowThatArrivesBeforeTheWindowClosesStillGivesADelayedPositive() {
        join.onImpression(state, impression(0));
        assertThat(join.onFeedback(state, feedback("click", 15_000)).timers()).containsExactly(15_000L);
        JoinOutput out = join.onTimer(state, 20_000);
        assertThat(out.examples()).hasSize(2);
        assertThat(out.examples().get(0).getLabels()).containsExactly(
                Map.entry("click", new TaskLabel(0, EmitKind.OBSERVED, null)));
        assertThat(out.examples().get(1).getLabels()).containsExactly(
                Map.entry("click", new TaskLabel(1, EmitKind.DELAYED_POSITIVE, 15_000L)));
        assertThat(join.onTimer(state, 25_000).examples()).as("emitted once").isEmpty();
    }

    @Test
    void tasksWhoseWindowsCloseTogetherShareOneExample() {
        LabelJoin sameWindows = new LabelJoin(SPACE, LabelWindows.of(SPACE.tasks(),
                Map.of("click", Duration.ofSeconds(10), "conversion", Duration.ofSeconds(10)),
                Map.of("click", Duration.ofSeconds(30), "conversion", Duration.ofSeconds(30))), Duration.ofSeconds(20));
        sameWindows.onImpression(state, impression(0));
        sameWindows.onFeedback(state, feedback("conversion", 5_000));
        assertThat(labels(sameWindows.onTimer(state, 10_000))).containsOnlyKeys("click", "conversion")
                .containsEntry("conversion", new TaskLabel(1, EmitKind.OBSERVED, 5_000L))
                .containsEntry("click", new TaskLabel(0, EmitKind.OBSERVED, null));
    }

    @Test
    void oneLateTimerEmitsEverythingThatIsDue() {
        join.onImpression(state, impression(0));
        JoinOutput out = join.onTimer(state, 500_000);
        assertThat(out.examples()).extracting(TrainingExample::getEmitTime).containsExactly(10_000L, 60_000L);
        assertThat(out.isStateCleared()).isTrue();
    }

    @Test
    void feedbackBeforeItsImpressionWaitsAndThenJoins() {
        JoinOutput early = join.onFeedback(state, feedback("click", 1_500));
        assertThat(early.timers()).containsExactly(21_500L);
        assertThat(early.examples()).isEmpty();
        join.onImpression(state, impression(1_000));
        assertThat(state.getOrphans()).isEmpty();
        assertThat(labels(join.onTimer(state, 11_000)).get("click").getLabel()).isEqualTo(1);
    }

    @Test
    void orphanWithoutImpressionIsDeadLetteredAndStateFinishes() {
        join.onFeedback(state, feedback("click", 1_000));
        assertThat(join.onTimer(state, 20_999).rejected()).isEmpty();
        JoinOutput expired = join.onTimer(state, 21_000);
        assertThat(expired.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(DeadLetterReason.ORPHAN_FEEDBACK);
            assertThat(r.message()).contains("no impression 'i1'");
        });
        assertThat(expired.isStateCleared()).isTrue();
    }

    @Test
    void duplicateFeedbackIsCountedAndIgnored() {
        join.onImpression(state, impression(0));
        join.onFeedback(state, feedback("click", 1_000));
        JoinOutput dup = join.onFeedback(state, feedback("click", 2_000));
        assertThat(dup.duplicateFeedbackCount()).isEqualTo(1);
        assertThat(dup.isStateChanged()).as("a duplicate costs no state write").isFalse();
        assertThat(state.getFeedbackTimes()).containsEntry("click", 1_000L);
        assertThat(join.onImpression(state, impression(0)).isDuplicateImpression()).isTrue();
    }

    @Test
    void feedbackAfterTheAttributionWindowIsLate() {
        join.onImpression(state, impression(0));
        JoinOutput late = join.onFeedback(state, feedback("click", 30_001));
        assertThat(late.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(DeadLetterReason.LATE_FEEDBACK);
            assertThat(r.message()).contains("beyond the attribution window");
        });
        assertThat(late.examples()).isEmpty();
        assertThat(state.getFeedbackTimes()).isEmpty();
    }
}
