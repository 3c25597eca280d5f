package dev.flowrec.job.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.job.intake.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The label join operator on the RocksDB backend, driven with explicit watermarks: emissions,
 * dead letters, state cleanup, key isolation, and state plus timers surviving a snapshot/restore.
 * (click C=10s W=30s, conversion C=60s W=300s, orphan wait 20s.)
 */
class LabelJoinFunctionTest {
    private static final ScenarioTaskSpace SPACE = new ScenarioTaskSpace(List.of("feed"), List.of("click", "conversion"));
    private static final LabelWindows WINDOWS = LabelWindows.of(SPACE.tasks(),
            Map.of("click", Duration.ofSeconds(10), "conversion", Duration.ofSeconds(60)),
            Map.of("click", Duration.ofSeconds(30), "conversion", Duration.ofSeconds(300)));

    private KeyedTwoInputStreamOperatorTestHarness<String, Impression, Feedback, TrainingExample> harness;

    private static KeyedTwoInputStreamOperatorTestHarness<String, Impression, Feedback, TrainingExample> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LabelJoinFunction(SPACE, WINDOWS, Duration.ofSeconds(20),
                        Duration.ofDays(1), "feedback-topic")),
                Impression::getImpressionId, Feedback::getImpressionId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static Impression impression(String id, long time) {
        return Impression.newBuilder().setImpressionId(id).setEventTime(time).setUserId("u").setItemId("v")
                .setScenario("feed").build();
    }

    private static Feedback feedback(String id, String task, long time) {
        return Feedback.newBuilder().setImpressionId(id).setTask(task).setEventTime(time).build();
    }

    private void watermark(long time) throws Exception {
        harness.processWatermark1(new Watermark(time));
        harness.processWatermark2(new Watermark(time));
    }

    private List<TrainingExample> drain() {
        List<TrainingExample> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void emitsAtWindowEndsAndClearsStateAfterTheLastWindow() throws Exception {
        harness = open(null);
        harness.processElement1(new StreamRecord<>(impression("a", 1_000), 1_000));
        harness.processElement2(new StreamRecord<>(feedback("a", "click", 3_000), 3_000));
        harness.processElement2(new StreamRecord<>(feedback("a", "conversion", 100_000), 100_000));
        watermark(10_999);
        assertThat(drain()).isEmpty();

        watermark(11_000);
        assertThat(drain()).singleElement().satisfies(e -> {
            assertThat(e.getLabels()).containsOnlyKeys("click");
            assertThat(e.getLabels().get("click").getLabel()).isEqualTo(1);
        });
        watermark(61_000);
        assertThat(drain()).singleElement().satisfies(e ->
                assertThat(e.getLabels().get("conversion").getLabel()).isZero());
        watermark(100_000);
        assertThat(drain()).singleElement().satisfies(e -> {
            assertThat(e.getLabels().get("conversion").getEmitKind()).isEqualTo(EmitKind.DELAYED_POSITIVE);
            assertThat(e.getEmitTime()).isEqualTo(100_000L);
        });
        watermark(301_000);
        assertThat(drain()).isEmpty();
        assertStateCleared("a", 301_000);
    }

    /**
     * RocksDB cannot count keyed entries in the harness, so probe instead: once a key's state is
     * gone, feedback for it is an orphan again and is dead-lettered after the orphan wait.
     */
    private void assertStateCleared(String id, long now) throws Exception {
        harness.processElement2(new StreamRecord<>(feedback(id, "click", now + 1), now + 1));
        watermark(now + 1 + 20_000);
        assertThat(harness.getSideOutput(DeadLetters.TAG)).as("state of '%s' was cleared", id)
                .extracting(r -> r.getValue().getReason()).contains(DeadLetterReason.ORPHAN_FEEDBACK);
        assertThat(drain()).isEmpty();
    }

    @Test
    void orphanAndLateFeedbackGoToTheDeadLetterOutput() throws Exception {
        harness = open(null);
        harness.processElement2(new StreamRecord<>(feedback("ghost", "click", 5_000), 5_000));
        harness.processElement1(new StreamRecord<>(impression("b", 1_000), 1_000));
        harness.processElement2(new StreamRecord<>(feedback("b", "click", 40_000), 40_000));
        watermark(25_000);
        var letters = harness.getSideOutput(DeadLetters.TAG);
        assertThat(letters).extracting(r -> r.getValue().getReason())
                .containsExactlyInAnyOrder(DeadLetterReason.LATE_FEEDBACK, DeadLetterReason.ORPHAN_FEEDBACK);
        assertThat(letters).extracting(r -> r.getValue().getSourceTopic()).containsOnly("feedback-topic");
        DeadLetter orphan = letters.stream().map(StreamRecord::getValue)
                .filter(d -> d.getReason() == DeadLetterReason.ORPHAN_FEEDBACK).findFirst().orElseThrow();
        assertThat(orphan.getMessage()).contains("no impression 'ghost'");
    }

    @Test
    void keysAreIsolated() throws Exception {
        harness = open(null);
        harness.processElement1(new StreamRecord<>(impression("a", 0), 0));
        harness.processElement1(new StreamRecord<>(impression("b", 0), 0));
        harness.processElement2(new StreamRecord<>(feedback("a", "click", 2_000), 2_000));
        watermark(10_000);
        List<TrainingExample> out = drain();
        assertThat(out).hasSize(2);
        assertThat(out).filteredOn(e -> e.getImpression().getImpressionId().equals("a"))
                .singleElement().satisfies(e -> assertThat(e.getLabels().get("click").getLabel()).isEqualTo(1));
        assertThat(out).filteredOn(e -> e.getImpression().getImpressionId().equals("b"))
                .singleElement().satisfies(e -> assertThat(e.getLabels().get("click").getLabel()).isZero());
    }

    @Test
    void stateAndTimersSurviveSnapshotAndRestore() throws Exception {
        harness = open(null);
        harness.processElement1(new StreamRecord<>(impression("a", 0), 0));
        harness.processElement2(new StreamRecord<>(feedback("a", "click", 4_000), 4_000));
        watermark(5_000);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = open(snapshot);
        watermark(10_000);
        assertThat(drain()).as("the restored timer fires once, with the restored feedback").singleElement()
                .satisfies(e -> assertThat(e.getLabels().get("click").getLabel()).isEqualTo(1));
        watermark(300_000);
        assertThat(drain()).singleElement().satisfies(e -> assertThat(e.getLabels()).containsOnlyKeys("conversion"));
        assertStateCleared("a", 300_000);
    }
}
