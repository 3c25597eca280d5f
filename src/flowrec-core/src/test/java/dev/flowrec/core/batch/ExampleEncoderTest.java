package dev.flowrec.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Index.atIndex;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Impression;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleEncoderTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed", "search"), List.of("click", "conversion"));
    private static final FeatureSpec FEATURES =
            FeatureSpec.of(SPACE.scenarios(), List.of(), List.of(), 64);
    private static final Impression IMPRESSION =
            Impression.newBuilder()
                    .setImpressionId("i")
                    .setEventTime(1_000)
                    .setUserId("u")
                    .setItemId("v")
                    .setScenario("search")
                    .setSequences(Map.of("clicked", List.of("a", "b"), "liked", List.of("c")))
                    .build();
    private static final TrainingExample EXAMPLE =
            TrainingExample.newBuilder()
                    .setImpression(IMPRESSION)
                    .setEmitTime(5_000)
                    .setElapsedSeconds(4)
                    .setLabels(
                            Map.of(
                                    "click", new TaskLabel(1, EmitKind.OBSERVED, 2_000L),
                                    "conversion", new TaskLabel(0, EmitKind.FINAL, null)))
                    .build();

    @Test
    void labelsTheObservedTasksAndLeavesFinalLabelsOutOfTheLoss() {
        EncodedExample encoded = new ExampleEncoder(FEATURES, SPACE).encode(EXAMPLE);

        assertThat(encoded.featureRows()).containsExactly(FEATURES.encode(IMPRESSION));
        assertThat(encoded.scenario()).isEqualTo(1);
        assertThat(encoded.labels()).containsExactly(1f, 0f);
        assertThat(encoded.weights()).containsExactly(1f, 0f);
        assertThat(encoded.behaviours()).isZero();
        assertThat(ExampleEncoder.isFinal(EXAMPLE)).isTrue();
    }

    @Test
    void carriesTheBehaviourSequencesTheSpecReads() {
        FeatureSpec withSequences = FEATURES.withSequences(List.of("liked", "clicked"), 3);

        EncodedExample encoded = new ExampleEncoder(withSequences, SPACE).encode(EXAMPLE);

        assertThat(encoded.behaviours()).isEqualTo(2);
        assertThat(encoded.sequenceRows())
                .containsExactly(withSequences.encodeSequences(IMPRESSION))
                .startsWith(Batch.PADDING, Batch.PADDING)
                .contains(Batch.PADDING, atIndex(3));
        assertThat(Batch.of(List.of(encoded, encoded)).sequenceRow(1, 1, 2))
                .isEqualTo(encoded.sequenceRows()[5]);
    }
}
