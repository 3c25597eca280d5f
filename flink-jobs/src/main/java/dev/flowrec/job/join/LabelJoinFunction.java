package dev.flowrec.job.join;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.JoinOutput;
import dev.flowrec.core.label.LabelJoin;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.JoinState;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.job.FaultInjector;
import dev.flowrec.job.intake.DeadLetters;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The label join, keyed by impression id: impressions on input 1, feedback on input 2. The rules
 * (what to emit and when) are {@link LabelJoin}'s; this operator keeps one {@link JoinState} per
 * key in RocksDB, registers the event-time timers the rules ask for, forwards examples, and sends
 * orphaned and late feedback to the dead-letter side output. A key's state is deleted when the
 * rules say it is finished (its last attribution window closed).
 *
 * <p>Keys whose event-time timers never fire (the watermark stalled) end at a processing-time timer
 * {@code stateTtl} after the state was created, through {@link LabelJoin#onExpiry}, so an expiry is
 * counted and its orphans dead-lettered instead of vanishing. Flink's state TTL would drop such
 * state silently (a later read just finds nothing), so it is kept only as a backstop at twice that
 * age, which the timer always beats: it ends state restored from before these timers existed, and
 * keeping it leaves the state's serializer, so old savepoints, unchanged.
 */
public final class LabelJoinFunction
        extends KeyedCoProcessFunction<String, Impression, Feedback, TrainingExample> {
    private static final long serialVersionUID = 1L;
    static final String STATE = "join-state";
    static final String EXPIRY = "join-state-expiry";

    /** The {@link FaultInjector} point of the join. */
    public static final String FAULT_POINT = "join";

    private final ScenarioTaskSpace space;
    private final LabelWindows windows;
    private final LabelPolicies policies;
    private final Duration orphanWait;
    private final Duration stateTtl;
    private final int maxOrphans;
    private final String feedbackTopic;
    private final long maxDeadLetterPayload;
    private final FaultInjector faults;

    private transient LabelJoin join;
    private transient ValueState<JoinState> state;
    private transient ValueState<Long> expiresAt;
    private transient EventCodec<Feedback> feedbackCodec;
    private transient Counter examples;
    private transient Counter duplicateFeedback;
    private transient Counter duplicateImpressions;
    private transient Counter orphanOverflow;
    private transient Counter expiredImpressions;
    private transient Counter expiredOrphans;
    private transient long pendingImpressions;
    private transient Map<DeadLetterReason, Counter> rejected;

    public LabelJoinFunction(
            ScenarioTaskSpace space,
            LabelWindows windows,
            LabelPolicies policies,
            Duration orphanWait,
            Duration stateTtl,
            int maxOrphans,
            String feedbackTopic,
            long maxDeadLetterPayload,
            FaultInjector faults) {
        this.space = space;
        this.windows = windows;
        this.policies = policies;
        this.orphanWait = orphanWait;
        this.stateTtl = stateTtl;
        this.maxOrphans = maxOrphans;
        this.feedbackTopic = feedbackTopic;
        this.maxDeadLetterPayload = maxDeadLetterPayload;
        this.faults = faults;
    }

    @Override
    public void open(OpenContext context) {
        join = new LabelJoin(space, windows, policies, orphanWait, maxOrphans);
        feedbackCodec = EventCodec.of(Feedback.class);
        ValueStateDescriptor<JoinState> descriptor =
                new ValueStateDescriptor<>(STATE, TypeInformation.of(JoinState.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(stateTtl.multipliedBy(2))
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        state = getRuntimeContext().getState(descriptor);
        expiresAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(EXPIRY, TypeInformation.of(Long.class)));
        var group = getRuntimeContext().getMetricGroup().addGroup("flowrec");
        examples = group.counter("examples_emitted");
        duplicateFeedback = group.counter("duplicate_feedback");
        duplicateImpressions = group.counter("duplicate_impressions");
        orphanOverflow = group.counter("orphan_overflow");
        expiredImpressions = group.counter("expired_impressions");
        expiredOrphans = group.counter("expired_orphans");
        // Counted by this subtask since it started: after a restore it counts from zero again, so
        // it reads as the impressions joined since then that still wait for a window. RocksDB's own
        // estimates (FlinkSettings) are the exact state size.
        group.gauge("pending_impressions", () -> pendingImpressions);
        rejected = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            rejected.put(
                    r, group.addGroup("dead_letters").counter(r.name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public void processElement1(Impression impression, Context ctx, Collector<TrainingExample> out)
            throws Exception {
        faults.at(FAULT_POINT);
        JoinState stored = state.value();
        JoinState current = stored == null ? LabelJoin.emptyState() : stored;
        apply(join.onImpression(current, impression), current, stored == null, out, ctx);
    }

    @Override
    public void processElement2(Feedback feedback, Context ctx, Collector<TrainingExample> out)
            throws Exception {
        faults.at(FAULT_POINT);
        JoinState stored = state.value();
        JoinState current = stored == null ? LabelJoin.emptyState() : stored;
        apply(join.onFeedback(current, feedback), current, stored == null, out, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrainingExample> out)
            throws Exception {
        faults.at(FAULT_POINT);
        JoinState current = state.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            Long deadline = expiresAt.value();
            if (current != null && deadline != null && deadline == timestamp) {
                apply(join.onExpiry(current, stateTtl), current, false, out, ctx);
            }
            return;
        }
        if (current == null) {
            return; // state already finished: a timer registered before the clear
        }
        apply(join.onTimer(current, timestamp), current, false, out, ctx);
    }

    private void apply(
            JoinOutput result,
            JoinState current,
            boolean created,
            Collector<TrainingExample> out,
            Context ctx)
            throws Exception {
        TimerService timers = ctx.timerService();
        for (TrainingExample e : result.examples()) {
            examples.inc();
            out.collect(e);
        }
        for (JoinOutput.RejectedFeedback r : result.rejected()) {
            rejected.get(r.reason()).inc();
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(
                            feedbackTopic,
                            r.feedback().getImpressionId(),
                            feedbackCodec.encode(r.feedback()),
                            r.reason(),
                            r.message(),
                            maxDeadLetterPayload));
        }
        duplicateFeedback.inc(result.duplicateFeedbackCount());
        // A restored subtask starts from zero and sees the ends of impressions it did not count.
        pendingImpressions = Math.max(0, pendingImpressions + result.pendingImpressionChange());
        if (result.isDuplicateImpression()) {
            duplicateImpressions.inc();
        }
        orphanOverflow.inc(result.orphanOverflowCount());
        expiredOrphans.inc(result.expiredOrphanCount());
        if (result.isImpressionExpired()) {
            expiredImpressions.inc();
        }
        if (result.isStateCleared()) {
            state.clear();
            Long deadline = created ? null : expiresAt.value();
            if (deadline != null) {
                timers.deleteProcessingTimeTimer(deadline);
                expiresAt.clear();
            }
        } else {
            if (created && result.isStateChanged()) {
                long deadline = timers.currentProcessingTime() + stateTtl.toMillis();
                timers.registerProcessingTimeTimer(deadline);
                expiresAt.update(deadline);
            }
            for (long t : result.timers()) {
                timers.registerEventTimeTimer(t);
            }
            if (result.isStateChanged()) {
                state.update(current);
            }
        }
    }
}
