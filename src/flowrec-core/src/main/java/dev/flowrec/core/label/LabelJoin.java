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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label join's rules for one impression id, with the ES-DFM emission policy (Yang et al.,
 * AAAI 2021; delayed-labels.md): at {@code c + C_t} emit the impression with task t labelled by
 * the feedback seen within {@code C_t}; feedback for t arriving later but within {@code W_t} emits
 * a duplicate positive at its own time; feedback after {@code W_t} is dead-lettered as late.
 * Tasks whose observation windows end together share one example; a task absent from an
 * example's labels is not trained on by it.
 *
 * <p>Feedback before its impression waits {@code orphanWait} of event time for it, then is
 * dead-lettered as an orphan. State is finished (the caller clears it) at {@code c + max W}, or
 * when the last orphan of an impression that never came is dead-lettered. Duplicate feedback for a
 * task is counted and ignored; a duplicate impression is counted and ignored.
 *
 * <p>Pure: mutates the given {@link JoinState} and reports everything else in a {@link JoinOutput};
 * the Flink operator only stores state, registers the timers and forwards the output.
 */
public final class LabelJoin {
    private final ScenarioTaskSpace space;
    private final LabelWindows windows;
    private final long orphanWaitMillis;

    public LabelJoin(ScenarioTaskSpace space, LabelWindows windows, Duration orphanWait) {
        if (!space.tasks().equals(windows.tasks())) {
            throw new IllegalArgumentException("windows are for tasks " + windows.tasks() + ", model has " + space.tasks());
        }
        this.space = space;
        this.windows = windows;
        this.orphanWaitMillis = orphanWait.toMillis();
    }

    public static JoinState emptyState() {
        return JoinState.newBuilder().setImpression(null).setFeedbackTimes(new HashMap<>())
                .setEmittedTasks(new ArrayList<>()).setDelayedTasks(new ArrayList<>()).setOrphans(new ArrayList<>())
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
        long c = impression.getEventTime();
        for (int t = 0; t < space.taskCount(); t++) {
            out.timer(c + windows.observationMillis(t));
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
        if (state.getImpression() == null) {
            state.getOrphans().add(feedback);
            out.stateChanged();
            out.timer(feedback.getEventTime() + orphanWaitMillis);
        } else {
            applyFeedback(state, feedback, out);
        }
        return out;
    }

    /** Everything due at or before {@code timestamp} (the watermark passed it). */
    public JoinOutput onTimer(JoinState state, long timestamp) {
        JoinOutput out = new JoinOutput();
        Impression imp = state.getImpression();
        if (imp == null) {
            expireOrphans(state, timestamp, out);
            return out;
        }
        long c = imp.getEventTime();
        Map<Long, List<Integer>> dueByTime = new java.util.TreeMap<>();
        for (int t = 0; t < space.taskCount(); t++) {
            long due = c + windows.observationMillis(t);
            if (due <= timestamp && !state.getEmittedTasks().contains(space.tasks().get(t))) {
                dueByTime.computeIfAbsent(due, k -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<Long, List<Integer>> due : dueByTime.entrySet()) {
            Map<String, TaskLabel> labels = new HashMap<>();
            for (int t : due.getValue()) {
                String task = space.tasks().get(t);
                Long seen = state.getFeedbackTimes().get(task);
                int label = seen != null && seen <= due.getKey() ? 1 : 0;
                labels.put(task, new TaskLabel(label, EmitKind.OBSERVED, label == 1 ? seen : null));
                state.getEmittedTasks().add(task);
            }
            out.stateChanged();
            out.emit(example(imp, labels, due.getKey()));
        }
        emitDelayedPositives(state, timestamp, out);
        if (timestamp >= c + windows.longestAttributionMillis()) {
            out.clearState();
        }
        return out;
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
            out.reject(fb, DeadLetterReason.LATE_FEEDBACK, "feedback for task '" + task + "' came "
                    + Duration.ofMillis(v - c) + " after its impression, beyond the attribution window "
                    + Duration.ofMillis(windows.attributionMillis(t)));
            return;
        }
        state.getFeedbackTimes().put(task, v);
        out.stateChanged();
        if (v > c + windows.observationMillis(t)) {
            // Emitted by the timer at v, after the observation-window example, whichever arrives first.
            out.timer(v);
        }
    }

    /** Feedback later than its observation window: a duplicate positive at the feedback's time. */
    private void emitDelayedPositives(JoinState state, long timestamp, JoinOutput out) {
        long c = state.getImpression().getEventTime();
        for (int t = 0; t < space.taskCount(); t++) {
            String task = space.tasks().get(t);
            Long v = state.getFeedbackTimes().get(task);
            if (v != null && v > c + windows.observationMillis(t) && v <= timestamp
                    && state.getEmittedTasks().contains(task) && !state.getDelayedTasks().contains(task)) {
                state.getDelayedTasks().add(task);
                out.stateChanged();
                Map<String, TaskLabel> labels = new HashMap<>();
                labels.put(task, new TaskLabel(1, EmitKind.DELAYED_POSITIVE, v));
                out.emit(example(state.getImpression(), labels, v));
            }
        }
    }

    private void expireOrphans(JoinState state, long timestamp, JoinOutput out) {
        // A new list rather than Iterator.remove: arrays read back from state are Avro arrays,
        // whose iterators cannot remove.
        List<Feedback> waiting = new ArrayList<>();
        for (Feedback fb : state.getOrphans()) {
            if (fb.getEventTime() + orphanWaitMillis <= timestamp) {
                out.reject(fb, DeadLetterReason.ORPHAN_FEEDBACK, "no impression '" + fb.getImpressionId()
                        + "' arrived within " + Duration.ofMillis(orphanWaitMillis) + " of its feedback");
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

    private static TrainingExample example(Impression imp, Map<String, TaskLabel> labels, long emitTime) {
        return TrainingExample.newBuilder().setImpression(imp).setLabels(labels).setEmitTime(emitTime)
                .setElapsedSeconds((emitTime - imp.getEventTime()) / 1000.0).build();
    }
}
