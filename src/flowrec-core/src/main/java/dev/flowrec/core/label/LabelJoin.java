package dev.flowrec.core.label;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label join's rules for one impression id. Each task has its own emission policy ({@link
 * LabelPolicies}: wait, vanilla, fake-negative, es-dfm, defer; what each emits is {@link
 * EmissionPlan}'s) and its own observation window C and attribution window W ({@link
 * LabelWindows}). Labels of different tasks due at the same time share one example; a task absent
 * from an example's labels is not trained on by it. Every task's final label is emitted at {@code c
 * + W} in an example of its own, kind {@code FINAL}, for evaluation and the delay model.
 *
 * <p>Feedback before its impression waits {@code orphanWait} of event time for it, then is
 * dead-lettered as an orphan; at most {@code maxOrphans} wait per impression id, so a producer
 * flooding one id cannot grow its state: more are dead-lettered as orphans at once and counted as
 * overflow. Feedback after {@code W}, or arriving once its task's final label was emitted, is
 * dead-lettered as late. State is finished (the caller clears it) at {@code c + max W}, or when the
 * last orphan of an impression that never came is dead-lettered. Duplicate feedback for a task is
 * counted and ignored; a duplicate impression is counted and ignored. State the caller finds still
 * there long after it was created (its timers never fired) ends with {@link #onExpiry}.
 *
 * <p>Pure: mutates the given {@link JoinState} and reports everything else in a {@link JoinOutput};
 * the Flink operator only stores state, registers the timers and forwards the output.
 */
public final class LabelJoin {
    private final ScenarioTaskSpace space;
    private final LabelWindows windows;
    private final LabelPolicies policies;
    private final long orphanWaitMillis;
    private final int maxOrphans;

    /** Default of {@code labels.max-orphans}: one feedback per task, with room for duplicates. */
    public static final int DEFAULT_MAX_ORPHANS = 16;

    public LabelJoin(
            ScenarioTaskSpace space,
            LabelWindows windows,
            LabelPolicies policies,
            Duration orphanWait) {
        this(space, windows, policies, orphanWait, DEFAULT_MAX_ORPHANS);
    }

    /**
     * @param maxOrphans most feedback events that wait for one impression
     */
    public LabelJoin(
            ScenarioTaskSpace space,
            LabelWindows windows,
            LabelPolicies policies,
            Duration orphanWait,
            int maxOrphans) {
        if (maxOrphans < 1) {
            throw new IllegalArgumentException("maxOrphans must be positive: " + maxOrphans);
        }
        if (!space.tasks().equals(windows.tasks()) || !space.tasks().equals(policies.tasks())) {
            throw new IllegalArgumentException(
                    "windows are for tasks "
                            + windows.tasks()
                            + ", policies for "
                            + policies.tasks()
                            + ", model has "
                            + space.tasks());
        }
        this.space = space;
        this.windows = windows;
        this.policies = policies;
        this.orphanWaitMillis = orphanWait.toMillis();
        this.maxOrphans = maxOrphans;
    }

    public static JoinState emptyState() {
        return JoinState.newBuilder()
                .setImpression(null)
                .setFeedbackTimes(new HashMap<>())
                .setEmitted(new ArrayList<>())
                .setOrphans(new ArrayList<>())
                .build();
    }

    public JoinOutput onImpression(JoinState state, Impression impression) {
        JoinOutput out = new JoinOutput();
        if (state.getImpression() != null) {
            out.duplicateImpression();
            return out;
        }
        state.setImpression(impression);
        out.stateChanged();
        out.impressionPending();
        long c = impression.getEventTime();
        for (int t = 0; t < space.taskCount(); t++) {
            for (Emission e : plan(state, t)) {
                out.timer(e.due());
            }
        }
        out.timer(c + windows.longestAttributionMillis());
        List<Feedback> waiting = new ArrayList<>(state.getOrphans());
        state.getOrphans().clear();
        for (Feedback fb : waiting) {
            applyFeedback(state, fb, out);
        }
        return out;
    }

    public JoinOutput onFeedback(JoinState state, Feedback feedback) {
        JoinOutput out = new JoinOutput();
        if (state.getImpression() == null && state.getOrphans().size() >= maxOrphans) {
            out.orphanOverflow();
            out.reject(
                    feedback,
                    DeadLetterReason.ORPHAN_FEEDBACK,
                    maxOrphans
                            + " feedback events already wait for impression '"
                            + feedback.getImpressionId()
                            + "', the most one impression id may hold");
        } else if (state.getImpression() == null) {
            state.getOrphans().add(feedback);
            out.stateChanged();
            out.timer(feedback.getEventTime() + orphanWaitMillis);
        } else {
            applyFeedback(state, feedback, out);
        }
        return out;
    }

    /** Everything due at or before {@code timestamp} (the watermark passed it), oldest first. */
    public JoinOutput onTimer(JoinState state, long timestamp) {
        JoinOutput out = new JoinOutput();
        Impression imp = state.getImpression();
        if (imp == null) {
            expireOrphans(state, timestamp, out);
            return out;
        }
        List<Emission> due = new ArrayList<>();
        for (int t = 0; t < space.taskCount(); t++) {
            for (Emission e : plan(state, t)) {
                if (e.due() <= timestamp
                        && !state.getEmitted().contains(e.id(space.tasks().get(t)))) {
                    due.add(e);
                }
            }
        }
        due.sort(Comparator.comparingLong(Emission::due).thenComparing(Emission::isFinal));
        List<TrainingExample> examples = new ArrayList<>();
        for (Emission e : due) {
            String task = space.tasks().get(e.task());
            state.getEmitted().add(e.id(task));
            out.stateChanged();
            TaskLabel label = new TaskLabel(e.label(), e.kind(), e.feedbackTime());
            sharedExample(examples, imp, e, task).getLabels().put(task, label);
        }
        examples.forEach(out::emit);
        if (timestamp >= imp.getEventTime() + windows.longestAttributionMillis()) {
            out.clearState();
            out.impressionDone();
        }
        return out;
    }

    /**
     * The caller dropped this state because its timers never finished it (the watermark stalled):
     * waiting orphans are dead-lettered and an impression is counted as expired, its remaining
     * emissions lost.
     */
    public JoinOutput onExpiry(JoinState state, Duration age) {
        JoinOutput out = new JoinOutput();
        for (Feedback fb : state.getOrphans()) {
            out.expiredOrphan();
            out.reject(
                    fb,
                    DeadLetterReason.ORPHAN_FEEDBACK,
                    "the join state of impression id '"
                            + fb.getImpressionId()
                            + "' expired "
                            + age
                            + " after it was created, before its impression came");
        }
        if (state.getImpression() != null) {
            out.impressionExpired();
            out.impressionDone();
        }
        out.clearState();
        return out;
    }

    /**
     * The example this emission joins: one due at the same time, of the same finality, without a
     * label for this task yet; or a new one.
     */
    private static TrainingExample sharedExample(
            List<TrainingExample> examples, Impression imp, Emission e, String task) {
        for (TrainingExample x : examples) {
            boolean isFinal =
                    x.getLabels().values().iterator().next().getEmitKind() == EmitKind.FINAL;
            if (x.getEmitTime() == e.due()
                    && isFinal == e.isFinal()
                    && !x.getLabels().containsKey(task)) {
                return x;
            }
        }
        TrainingExample x = example(imp, new HashMap<>(), e.due());
        examples.add(x);
        return x;
    }

    private List<Emission> plan(JoinState state, int t) {
        long c = state.getImpression().getEventTime();
        Long v = state.getFeedbackTimes().get(space.tasks().get(t));
        return EmissionPlan.of(
                t,
                policies.policy(t),
                c,
                v,
                windows.observationMillis(t),
                windows.attributionMillis(t));
    }

    private void applyFeedback(JoinState state, Feedback fb, JoinOutput out) {
        String task = fb.getTask();
        int t = space.taskIndex(task);
        if (t < 0) {
            out.reject(fb, DeadLetterReason.INVALID, "unknown task '" + task + "'");
            return;
        }
        if (state.getFeedbackTimes().containsKey(task)) {
            out.duplicateFeedback();
            return;
        }
        long c = state.getImpression().getEventTime();
        long v = Math.max(fb.getEventTime(), c);
        if (v > c + windows.attributionMillis(t)) {
            out.reject(
                    fb,
                    DeadLetterReason.LATE_FEEDBACK,
                    "feedback for task '"
                            + task
                            + "' came "
                            + Duration.ofMillis(v - c)
                            + " after its impression, beyond the attribution window "
                            + Duration.ofMillis(windows.attributionMillis(t)));
            return;
        }
        if (state.getEmitted().contains(task + "/" + EmissionPlan.FINAL)) {
            out.reject(
                    fb,
                    DeadLetterReason.LATE_FEEDBACK,
                    "feedback for task '"
                            + task
                            + "' at "
                            + Duration.ofMillis(v - c)
                            + " after its impression arrived after the attribution window "
                            + Duration.ofMillis(windows.attributionMillis(t))
                            + " had closed and its final label was emitted");
            return;
        }
        state.getFeedbackTimes().put(task, v);
        out.stateChanged();
        for (Emission e : plan(state, t)) {
            if (e.due() == v) {
                // Emitted by the timer at v, after anything due earlier, whichever arrives first.
                out.timer(v);
            }
        }
    }

    private void expireOrphans(JoinState state, long timestamp, JoinOutput out) {
        // A new list rather than Iterator.remove: arrays read back from state are Avro arrays,
        // whose iterators cannot remove.
        List<Feedback> waiting = new ArrayList<>();
        for (Feedback fb : state.getOrphans()) {
            if (fb.getEventTime() + orphanWaitMillis <= timestamp) {
                out.reject(
                        fb,
                        DeadLetterReason.ORPHAN_FEEDBACK,
                        "no impression '"
                                + fb.getImpressionId()
                                + "' arrived within "
                                + Duration.ofMillis(orphanWaitMillis)
                                + " of its feedback");
            } else {
                waiting.add(fb);
            }
        }
        if (waiting.size() != state.getOrphans().size()) {
            state.setOrphans(waiting);
            out.stateChanged();
        }
        if (waiting.isEmpty()) {
            out.clearState();
        }
    }

    private static TrainingExample example(
            Impression imp, Map<String, TaskLabel> labels, long emitTime) {
        return TrainingExample.newBuilder()
                .setImpression(imp)
                .setLabels(labels)
                .setEmitTime(emitTime)
                .setElapsedSeconds((emitTime - imp.getEventTime()) / 1000.0)
                .build();
    }
}
