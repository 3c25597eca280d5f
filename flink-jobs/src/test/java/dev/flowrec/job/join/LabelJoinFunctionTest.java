package dev.flowrec.job.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.job.FaultInjector;
import dev.flowrec.job.RecordedMetrics;
import dev.flowrec.job.intake.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The label join operator on the RocksDB backend, driven with explicit watermarks: each policy's
 * exact emissions for one hand-written sequence (in order, out of order, duplicate, orphan, late),
 * dead letters, state cleanup, an idle input, and restarts from a snapshot taken mid-window. (click
 * C=10s W=30s, conversion C=60s W=300s, orphan wait 20s.) An example is written {@code id emitTime
 * task=label/KIND ...}.
 */
class LabelJoinFunctionTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed"), List.of("click", "conversion"));
    private static final LabelWindows WINDOWS =
            LabelWindows.of(
                    SPACE.tasks(),
                    Map.of("click", Duration.ofSeconds(10), "conversion", Duration.ofSeconds(60)),
                    Map.of("click", Duration.ofSeconds(30), "conversion", Duration.ofSeconds(300)));
    private static final Duration TTL = Duration.ofDays(1);
    private static final int MAX_ORPHANS = 16;

    private KeyedTwoInputStreamOperatorTestHarness<String, Impression, Feedback, TrainingExample>
            harness;
    private final List<String> emitted = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, Impression, Feedback, TrainingExample>
            open(EmissionPolicy policy, OperatorSubtaskState restoreFrom) throws Exception {
        return open(policy, restoreFrom, TTL, new RecordedMetrics());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, Impression, Feedback, TrainingExample>
            open(
                    EmissionPolicy policy,
                    OperatorSubtaskState restoreFrom,
                    Duration stateTtl,
                    RecordedMetrics recorded)
                    throws Exception {
        var function =
                new LabelJoinFunction(
                        SPACE,
                        WINDOWS,
                        LabelPolicies.uniform(SPACE.tasks(), policy, LossCorrection.NONE),
                        Duration.ofSeconds(20),
                        stateTtl,
                        MAX_ORPHANS,
                        "feedback-topic",
                        512 * 1024,
                        FaultInjector.NONE);
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(function) {
                            @Override
                            public OperatorMetricGroup getMetricGroup() {
                                return recorded.group();
                            }
                        },
                        Impression::getImpressionId,
                        Feedback::getImpressionId,
                        Types.STRING);
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
        return Impression.newBuilder()
                .setImpressionId(id)
                .setEventTime(time)
                .setUserId("u")
                .setItemId("v")
                .setScenario("feed")
                .build();
    }

    private static Feedback feedback(String id, String task, long time) {
        return Feedback.newBuilder().setImpressionId(id).setTask(task).setEventTime(time).build();
    }

    /** One input event of a hand-written sequence. */
    private interface Step {
        void apply(
                KeyedTwoInputStreamOperatorTestHarness<
                                String, Impression, Feedback, TrainingExample>
                        h)
                throws Exception;
    }

    private static Step imp(String id, long time) {
        return h -> h.processElement1(new StreamRecord<>(impression(id, time), time));
    }

    private static Step fb(String id, String task, long time) {
        return h -> h.processElement2(new StreamRecord<>(feedback(id, task, time), time));
    }

    private static Step wm(long time) {
        return h -> {
            h.processWatermark1(new Watermark(time));
            h.processWatermark2(new Watermark(time));
        };
    }

    /**
     * a at 0 clicks at 4s (sent twice) and converts at 350s, beyond its window (late); b's click at
     * 7s arrives before b's impression (waits as an orphan), b converts at 100s (after C, within
     * W); ghost's click never finds its impression.
     */
    private static final List<Step> SEQUENCE =
            List.of(
                    imp("a", 0),
                    fb("b", "click", 7_000),
                    fb("a", "click", 4_000),
                    wm(3_000),
                    imp("b", 5_000),
                    fb("a", "click", 6_000),
                    fb("ghost", "click", 8_000),
                    wm(50_000),
                    fb("b", "conversion", 100_000),
                    wm(200_000),
                    fb("a", "conversion", 350_000),
                    wm(400_000));

    private static List<String> expected(EmissionPolicy policy) {
        return switch (policy) {
            case WAIT ->
                    List.of(
                            "a 30000 click=1/OBSERVED",
                            "a 30000 click=1/FINAL",
                            "b 35000 click=1/OBSERVED",
                            "b 35000 click=1/FINAL",
                            "a 300000 conversion=0/OBSERVED",
                            "a 300000 conversion=0/FINAL",
                            "b 305000 conversion=1/OBSERVED",
                            "b 305000 conversion=1/FINAL");
            case VANILLA ->
                    List.of(
                            "a 10000 click=1/OBSERVED",
                            "b 15000 click=1/OBSERVED",
                            "a 30000 click=1/FINAL",
                            "b 35000 click=1/FINAL",
                            "a 60000 conversion=0/OBSERVED",
                            "b 65000 conversion=0/OBSERVED",
                            "a 300000 conversion=0/FINAL",
                            "b 305000 conversion=1/FINAL");
            case FAKE_NEGATIVE ->
                    List.of(
                            "a 0 click=0/FAKE_NEGATIVE conversion=0/FAKE_NEGATIVE",
                            "a 4000 click=1/DELAYED_POSITIVE",
                            "b 5000 click=0/FAKE_NEGATIVE conversion=0/FAKE_NEGATIVE",
                            "b 7000 click=1/DELAYED_POSITIVE",
                            "a 30000 click=1/FINAL",
                            "b 35000 click=1/FINAL",
                            "b 100000 conversion=1/DELAYED_POSITIVE",
                            "a 300000 conversion=0/FINAL",
                            "b 305000 conversion=1/FINAL");
            case ES_DFM ->
                    List.of(
                            "a 10000 click=1/OBSERVED",
                            "b 15000 click=1/OBSERVED",
                            "a 30000 click=1/FINAL",
                            "b 35000 click=1/FINAL",
                            "a 60000 conversion=0/OBSERVED",
                            "b 65000 conversion=0/OBSERVED",
                            "b 100000 conversion=1/DELAYED_POSITIVE",
                            "a 300000 conversion=0/FINAL",
                            "b 305000 conversion=1/FINAL");
            case DEFER ->
                    List.of(
                            "a 4000 click=1/DELAYED_POSITIVE",
                            "b 7000 click=1/DELAYED_POSITIVE",
                            "a 10000 click=1/OBSERVED",
                            "b 15000 click=1/OBSERVED",
                            "a 30000 click=1/FINAL",
                            "b 35000 click=1/FINAL",
                            "a 60000 conversion=0/OBSERVED",
                            "b 65000 conversion=0/OBSERVED",
                            "b 100000 conversion=1/DELAYED_POSITIVE",
                            "a 300000 conversion=0/REAL_NEGATIVE",
                            "a 300000 conversion=0/FINAL",
                            "b 305000 conversion=1/FINAL");
        };
    }

    private static String describe(TrainingExample e) {
        return e.getImpression().getImpressionId()
                + " "
                + e.getEmitTime()
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
     * Runs the steps, moving what the operator emitted into {@link #emitted} and {@link
     * #deadLetters}.
     */
    private void run(List<Step> steps) throws Exception {
        for (Step s : steps) {
            s.apply(harness);
            drain();
        }
    }

    private void drain() {
        harness.extractOutputValues().forEach(e -> emitted.add(describe(e)));
        harness.getOutput().clear();
        var letters = harness.getSideOutput(DeadLetters.TAG);
        if (letters != null) { // null until the first dead letter
            letters.forEach(r -> deadLetters.add(r.getValue()));
            letters.clear();
        }
    }

    @ParameterizedTest
    @EnumSource(EmissionPolicy.class)
    void eachPolicyEmitsExactlyItsExamplesAndDeadLettersOrphansAndLateFeedback(
            EmissionPolicy policy) throws Exception {
        harness = open(policy, null);
        run(SEQUENCE);
        assertThat(emitted).containsExactlyElementsOf(expected(policy));
        assertThat(deadLetters)
                .extracting(DeadLetter::getReason)
                .containsExactlyInAnyOrder(
                        DeadLetterReason.ORPHAN_FEEDBACK, DeadLetterReason.LATE_FEEDBACK);
        assertThat(deadLetters)
                .extracting(DeadLetter::getSourceTopic)
                .containsOnly("feedback-topic");
        assertThat(deadLetters)
                .filteredOn(d -> d.getReason() == DeadLetterReason.ORPHAN_FEEDBACK)
                .singleElement()
                .satisfies(d -> assertThat(d.getMessage()).contains("no impression 'ghost'"));
        assertStateCleared("a", 400_000);
        assertStateCleared("b", 500_000);
    }

    /**
     * A restart from a snapshot taken at any of these points (an orphan waiting, impressions
     * waiting for their observation windows, conversions waiting for their attribution windows)
     * emits exactly what an uninterrupted run emits: nothing twice, nothing lost.
     */
    @ParameterizedTest
    @EnumSource(EmissionPolicy.class)
    void restartingFromASnapshotMidWindowEmitsNothingTwiceAndLosesNothing(EmissionPolicy policy)
            throws Exception {
        for (int cut : new int[] {2, 4, 8, 10}) {
            emitted.clear();
            deadLetters.clear();
            harness = open(policy, null);
            run(SEQUENCE.subList(0, cut));
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();
            harness = open(policy, snapshot);
            run(SEQUENCE.subList(cut, SEQUENCE.size()));
            assertThat(emitted)
                    .as("restart after step %d", cut)
                    .containsExactlyElementsOf(expected(policy));
            assertThat(deadLetters).as("restart after step %d", cut).hasSize(2);
            harness.close();
            harness = null;
        }
    }

    /**
     * A quiet feedback topic marked idle by its source no longer holds the join's watermark back;
     * without the idle mark, nothing is emitted however far impressions advance.
     */
    @Test
    void anIdleFeedbackInputDoesNotStallTheJoin() throws Exception {
        harness = open(EmissionPolicy.ES_DFM, null);
        harness.processElement1(new StreamRecord<>(impression("a", 0), 0));
        harness.processWatermark1(new Watermark(20_000));
        drain();
        assertThat(emitted).as("feedback's watermark still at its minimum").isEmpty();

        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        harness.processWatermark1(new Watermark(40_000));
        drain();
        assertThat(emitted).containsExactly("a 10000 click=0/OBSERVED", "a 30000 click=0/FINAL");
    }

    /**
     * RocksDB cannot count keyed entries in the harness, so probe instead: once a key's state is
     * gone, feedback for it is an orphan again and is dead-lettered after the orphan wait.
     */
    private void assertStateCleared(String id, long now) throws Exception {
        deadLetters.clear();
        emitted.clear();
        run(List.of(fb(id, "click", now + 1), wm(now + 1 + 20_000)));
        assertThat(deadLetters)
                .as("state of '%s' was cleared", id)
                .extracting(DeadLetter::getReason)
                .containsExactly(DeadLetterReason.ORPHAN_FEEDBACK);
        assertThat(emitted).isEmpty();
    }

    @Test
    void keysAreIsolated() throws Exception {
        harness = open(EmissionPolicy.ES_DFM, null);
        run(List.of(imp("a", 0), imp("b", 0), fb("a", "click", 2_000), wm(10_000)));
        assertThat(emitted)
                .containsExactlyInAnyOrder("a 10000 click=1/OBSERVED", "b 10000 click=0/OBSERVED");
    }

    @Test
    void oneImpressionIdFloodedWithOrphanFeedbackHoldsAtMostTheBoundAndDeadLettersTheRest()
            throws Exception {
        RecordedMetrics metrics = new RecordedMetrics();
        harness = open(EmissionPolicy.ES_DFM, null, TTL, metrics);
        int flood = 5_000;
        for (int i = 0; i < flood; i++) {
            harness.processElement2(new StreamRecord<>(feedback("x", "click", 1_000 + i)));
        }
        drain();
        assertThat(deadLetters)
                .as("beyond the bound, orphans are dead-lettered as they come")
                .hasSize(flood - MAX_ORPHANS)
                .extracting(DeadLetter::getReason)
                .containsOnly(DeadLetterReason.ORPHAN_FEEDBACK);
        assertThat(deadLetters.get(0).getMessage()).contains("16 feedback events already wait");
        assertThat(metrics.count("flowrec.orphan_overflow")).isEqualTo(flood - MAX_ORPHANS);

        deadLetters.clear();
        run(List.of(imp("x", 0), wm(10_000)));
        assertThat(emitted).anyMatch(e -> e.startsWith("x ") && e.contains("click=1"));
        assertThat(metrics.count("flowrec.duplicate_feedback"))
                .as("the bounded orphans joined their impression, duplicates counted")
                .isEqualTo(MAX_ORPHANS - 1);
    }

    @Test
    void stateWhoseTimersNeverFireExpiresCountedAndDeadLettersItsOrphans() throws Exception {
        RecordedMetrics metrics = new RecordedMetrics();
        Duration ttl = Duration.ofMinutes(10);
        harness = open(EmissionPolicy.ES_DFM, null, ttl, metrics);
        harness.setProcessingTime(0);
        harness.setStateTtlProcessingTime(0);
        // The watermark never moves: no event-time timer ends these keys.
        run(List.of(imp("stuck", 1_000), fb("lonely", "click", 1_000)));
        harness.setProcessingTime(ttl.toMillis() / 2);
        run(List.of(imp("done", 1_000)));
        emitted.clear();

        long expiry = ttl.toMillis();
        harness.setStateTtlProcessingTime(expiry);
        harness.setProcessingTime(expiry);
        drain();
        assertThat(metrics.count("flowrec.expired_impressions")).isEqualTo(1);
        assertThat(metrics.count("flowrec.expired_orphans")).isEqualTo(1);
        assertThat(deadLetters)
                .extracting(DeadLetter::getReason)
                .containsExactly(DeadLetterReason.ORPHAN_FEEDBACK);
        assertThat(deadLetters.get(0).getMessage()).contains("expired");

        // "done" is finished by its timers before its own expiry, which then counts nothing.
        run(List.of(wm(400_000)));
        harness.setStateTtlProcessingTime(2 * expiry);
        harness.setProcessingTime(2 * expiry);
        drain();
        assertThat(metrics.count("flowrec.expired_impressions")).isEqualTo(1);
        assertThat(emitted).noneMatch(e -> e.startsWith("stuck"));
    }
}
