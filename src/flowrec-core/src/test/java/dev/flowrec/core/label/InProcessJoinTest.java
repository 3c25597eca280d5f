package dev.flowrec.core.label;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.TrainingExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessJoinTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed"), List.of("click"));

    @Test
    void firesTimersInEventTimeOrderAcrossKeysAndDropsFinishedState() {
        List<String> out = new ArrayList<>();
        InProcessJoin join =
                new InProcessJoin(
                        new LabelJoin(
                                SPACE,
                                LabelWindows.of(
                                        SPACE.tasks(),
                                        Map.of("click", Duration.ofSeconds(10)),
                                        Map.of("click", Duration.ofSeconds(30))),
                                LabelPolicies.uniform(
                                        SPACE.tasks(), EmissionPolicy.ES_DFM, LossCorrection.NONE),
                                Duration.ofSeconds(5)),
                        (TrainingExample e) ->
                                out.add(
                                        e.getImpression().getImpressionId()
                                                + "@"
                                                + e.getEmitTime()
                                                + ":"
                                                + e.getLabels().get("click").getLabel()
                                                + e.getLabels().get("click").getEmitKind()));
        join.impression(impression("a", 0));
        join.impression(impression("b", 5_000));
        join.feedback(
                Feedback.newBuilder()
                        .setImpressionId("b")
                        .setTask("click")
                        .setEventTime(8_000)
                        .build());
        assertThat(join.liveKeys()).isEqualTo(2);
        join.impression(impression("c", 31_000));
        assertThat(out).containsExactly("a@10000:0OBSERVED", "b@15000:1OBSERVED", "a@30000:0FINAL");
        assertThat(join.liveKeys()).as("a is finished").isEqualTo(2);
        join.finish();
        assertThat(join.liveKeys()).isZero();
        assertThat(join.peakKeys()).as("a was cleared before c came").isEqualTo(2);
    }

    private static Impression impression(String id, long time) {
        return Impression.newBuilder()
                .setImpressionId(id)
                .setEventTime(time)
                .setUserId("u")
                .setItemId("v")
                .setScenario("feed")
                .build();
    }
}
