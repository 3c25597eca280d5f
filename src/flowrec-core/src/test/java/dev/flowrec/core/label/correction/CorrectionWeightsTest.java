package dev.flowrec.core.label.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelJoin;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.JoinState;
import dev.flowrec.events.TaskLabel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorrectionWeightsTest {

    @Test
    void handComputedWeights() {
        DelayEstimate d = new DelayEstimate(0.1, 0.9);
        assertThat(CorrectionWeights.weight(LossCorrection.FNW, true, 0.2, d))
                .isCloseTo(1.2, within(1e-12));
        assertThat(CorrectionWeights.weight(LossCorrection.FNW, false, 0.2, d))
                .isCloseTo(0.96, within(1e-12));
        assertThat(CorrectionWeights.weight(LossCorrection.ES_DFM, true, 0.2, d))
                .isCloseTo(1.1, within(1e-12));
        assertThat(CorrectionWeights.weight(LossCorrection.ES_DFM, false, 0.2, d))
                .isCloseTo(0.99, within(1e-12));
        DelayEstimate late = new DelayEstimate(0.2, 0.5);
        assertThat(CorrectionWeights.weight(LossCorrection.DEFER, true, 0.3, late))
                .isCloseTo(1.5, within(1e-12));
        assertThat(CorrectionWeights.weight(LossCorrection.DEFER, false, 0.3, late))
                .isCloseTo(0.875, within(1e-12));
        assertThat(CorrectionWeights.weight(LossCorrection.FNC, true, 0.3, late)).isEqualTo(1.0);
        assertThat(CorrectionWeights.weight(LossCorrection.NONE, false, 0.3, late)).isEqualTo(1.0);
    }

    @Test
    void deferCapsTheDelayedShareAtTheConversionProbability() {
        DelayEstimate impossible = new DelayEstimate(0.5, 0.5);
        assertThat(CorrectionWeights.weight(LossCorrection.DEFER, true, 0.1, impossible))
                .isCloseTo(2.0, within(1e-12));
        assertThat(CorrectionWeights.weight(LossCorrection.FNW, true, 0.0, impossible))
                .isGreaterThan(1.0);
    }

    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed"), List.of("conversion"));
    private static final LabelWindows WINDOWS =
            LabelWindows.of(
                    SPACE.tasks(),
                    Map.of("conversion", Duration.ofSeconds(60)),
                    Map.of("conversion", Duration.ofSeconds(300)));

    /**
     * Positive and negative training labels the join emits for one impression whose feedback comes
     * at {@code v}.
     */
    private static int[] emittedLabels(EmissionPolicy policy, Long v) {
        LabelJoin join =
                new LabelJoin(
                        SPACE,
                        WINDOWS,
                        LabelPolicies.uniform(SPACE.tasks(), policy, LossCorrection.NONE),
                        Duration.ofSeconds(20));
        JoinState state = LabelJoin.emptyState();
        join.onImpression(
                state,
                Impression.newBuilder()
                        .setImpressionId("i")
                        .setEventTime(0)
                        .setUserId("u")
                        .setItemId("v")
                        .setScenario("feed")
                        .build());
        if (v != null) {
            join.onFeedback(
                    state,
                    Feedback.newBuilder()
                            .setImpressionId("i")
                            .setTask("conversion")
                            .setEventTime(v)
                            .build());
        }
        int[] counts = new int[2];
        for (var e : join.onTimer(state, 300_000).examples()) {
            TaskLabel label = e.getLabels().get("conversion");
            if (label.getEmitKind() != EmitKind.FINAL) {
                counts[label.getLabel()]++;
            }
        }
        return counts;
    }

    /**
     * The weights undo the label distribution each policy really emits: with an impression that
     * converts within C with probability {@code p - dp}, after C with {@code dp} and never with
     * {@code 1 - p}, the stream's label shares {@code q(y|x)} (counted from the join's own
     * emissions) times the weights give back {@code p(y|x)}.
     */
    @ParameterizedTest
    @CsvSource({"fake-negative,fnw", "es-dfm,es-dfm", "defer,defer"})
    void weightedStreamLabelsMatchTheTrueConversionProbability(
            String policyName, String correctionName) {
        EmissionPolicy policy = EmissionPolicy.valueOf(policyName.toUpperCase().replace('-', '_'));
        LossCorrection correction =
                LossCorrection.valueOf(correctionName.toUpperCase().replace('-', '_'));
        int[] early = emittedLabels(policy, 30_000L);
        int[] delayed = emittedLabels(policy, 200_000L);
        int[] never = emittedLabels(policy, null);
        for (double p : new double[] {0.02, 0.1, 0.4, 0.9}) {
            for (double share : new double[] {0.0, 0.3, 0.8}) {
                double dp = p * share;
                double n1 = (p - dp) * early[1] + dp * delayed[1] + (1 - p) * never[1];
                double n0 = (p - dp) * early[0] + dp * delayed[0] + (1 - p) * never[0];
                DelayEstimate d = new DelayEstimate(dp, (1 - p) / (1 - p + dp));
                double q1 = n1 / (n0 + n1);
                double q0 = n0 / (n0 + n1);
                assertThat(q1 * CorrectionWeights.weight(correction, true, p, d))
                        .as("p=%s dp=%s", p, dp)
                        .isCloseTo(p, within(1e-9));
                assertThat(q0 * CorrectionWeights.weight(correction, false, p, d))
                        .as("p=%s dp=%s", p, dp)
                        .isCloseTo(1 - p, within(1e-9));
            }
        }
    }
}
