package dev.flowrec.core.label.correction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Impression;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCorrectionTest {
    private static final List<String> TASKS = List.of("click", "conversion");

    @Test
    void multipliesEachLabelledEntryByItsTasksWeightAndLeavesUnlabelledOnesAtZero() {
        LabelPolicies policies =
                LabelPolicies.of(
                        TASKS,
                        Map.of(
                                "click",
                                EmissionPolicy.FAKE_NEGATIVE,
                                "conversion",
                                EmissionPolicy.ES_DFM),
                        Map.of("click", LossCorrection.FNW, "conversion", LossCorrection.ES_DFM));
        // two examples, one field; example 1 has no conversion label
        Batch batch =
                new Batch(
                        2,
                        1,
                        2,
                        new int[] {3, 4},
                        new int[] {0, 0},
                        new float[] {1, 0, 0, 0},
                        new float[] {1, 1, 2, 0});
        float[][] probs = {{0.5f, 0.1f}, {0.25f, 0.3f}};
        DelayEstimate[][] delays = {
            {DelayEstimate.NONE, new DelayEstimate(0.2, 0.5)},
            {DelayEstimate.NONE, new DelayEstimate(0.4, 0.5)}
        };
        Batch out = new BatchCorrection(policies).reweigh(batch, probs, delays);
        assertThat(out.weights()).containsExactly(1.5f, 0.6f, 2 * 0.75f * 1.25f, 0f);
        assertThat(batch.weights())
                .as("the input batch is not changed")
                .containsExactly(1f, 1f, 2f, 0f);
        assertThat(new BatchCorrection(policies).isIdentity()).isFalse();
        assertThat(
                        new BatchCorrection(
                                        LabelPolicies.uniform(
                                                TASKS,
                                                EmissionPolicy.FAKE_NEGATIVE,
                                                LossCorrection.FNC))
                                .isIdentity())
                .isTrue();
    }

    @Test
    void keepsDenseValuesAndBehaviourSequences() {
        LabelPolicies policies =
                LabelPolicies.uniform(TASKS, EmissionPolicy.FAKE_NEGATIVE, LossCorrection.FNW);
        Batch batch =
                new Batch(
                        1,
                        1,
                        2,
                        new int[] {3},
                        new int[] {0},
                        new float[] {1, 0},
                        new float[] {1, 1},
                        1,
                        new float[] {0.25f},
                        2,
                        2,
                        new int[] {Batch.PADDING, 5, 6, 7});

        Batch out =
                new BatchCorrection(policies).reweigh(batch, new float[][] {{0.5f, 0.5f}}, null);

        assertThat(out.dense()).containsExactly(0.25f);
        assertThat(out.sequences()).containsExactly(Batch.PADDING, 5, 6, 7);
        assertThat(out.behaviours()).isEqualTo(2);
        assertThat(out.weights()).containsExactly(1.5f, 0.75f);
    }

    @Test
    void delayOutcomeSortsFinalLabelsIntoEarlyDelayedAndNever() {
        ScenarioTaskSpace space = new ScenarioTaskSpace(List.of("feed"), TASKS);
        LabelWindows windows =
                LabelWindows.of(
                        TASKS,
                        Map.of(
                                "click",
                                Duration.ofSeconds(10),
                                "conversion",
                                Duration.ofSeconds(60)),
                        Map.of(
                                "click",
                                Duration.ofSeconds(30),
                                "conversion",
                                Duration.ofSeconds(300)));
        Impression imp =
                Impression.newBuilder()
                        .setImpressionId("i")
                        .setEventTime(1_000)
                        .setUserId("u")
                        .setItemId("v")
                        .setScenario("feed")
                        .build();
        TrainingExample clickEarly =
                TrainingExample.newBuilder()
                        .setImpression(imp)
                        .setEmitTime(31_000)
                        .setElapsedSeconds(30)
                        .setLabels(Map.of("click", new TaskLabel(1, EmitKind.FINAL, 11_000L)))
                        .build();
        assertThat(DelayOutcome.of(clickEarly, space, windows))
                .containsExactly(DelayOutcome.EARLY, DelayOutcome.ABSENT);
        TrainingExample both =
                TrainingExample.newBuilder(clickEarly)
                        .setLabels(
                                Map.of(
                                        "click", new TaskLabel(1, EmitKind.FINAL, 11_001L),
                                        "conversion", new TaskLabel(0, EmitKind.FINAL, null)))
                        .build();
        assertThat(DelayOutcome.of(both, space, windows))
                .containsExactly(DelayOutcome.DELAYED, DelayOutcome.NEVER);
        TrainingExample observed =
                TrainingExample.newBuilder(clickEarly)
                        .setLabels(Map.of("click", new TaskLabel(1, EmitKind.OBSERVED, 2_000L)))
                        .build();
        assertThat(DelayOutcome.of(observed, space, windows))
                .as("only final labels teach delays")
                .containsExactly(DelayOutcome.ABSENT, DelayOutcome.ABSENT);
    }
}
