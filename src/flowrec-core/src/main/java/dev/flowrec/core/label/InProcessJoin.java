package dev.flowrec.core.label;

import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.JoinState;
import dev.flowrec.events.TrainingExample;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The label join's rules driven in one process, as the Flink operator drives them but with a
 * perfect watermark (events arrive in event-time order): per impression id a {@link JoinState}, one
 * timer queue, state deleted when the rules say so. For benchmarks and replays, which need no Kafka
 * or Flink. Not thread-safe.
 */
public final class InProcessJoin {
    private record Timer(long time, String key) {}

    private final LabelJoin join;
    private final Consumer<TrainingExample> out;
    private final Map<String, JoinState> states = new HashMap<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> Long.compare(a.time, b.time));
    private long peakKeys;

    public InProcessJoin(LabelJoin join, Consumer<TrainingExample> out) {
        this.join = join;
        this.out = out;
    }

    public void impression(Impression impression) {
        advanceTo(impression.getEventTime());
        String key = impression.getImpressionId();
        JoinState state = states.computeIfAbsent(key, k -> LabelJoin.emptyState());
        apply(key, state, join.onImpression(state, impression));
    }

    public void feedback(Feedback feedback) {
        advanceTo(feedback.getEventTime());
        String key = feedback.getImpressionId();
        JoinState state = states.computeIfAbsent(key, k -> LabelJoin.emptyState());
        apply(key, state, join.onFeedback(state, feedback));
    }

    /** The watermark passes {@code time}: fires every timer before it, oldest first. */
    public void advanceTo(long time) {
        while (!timers.isEmpty() && timers.peek().time < time) {
            Timer t = timers.poll();
            JoinState state = states.get(t.key);
            if (state != null) {
                apply(t.key, state, join.onTimer(state, t.time));
            }
        }
    }

    /** End of input: every window closes. */
    public void finish() {
        advanceTo(Long.MAX_VALUE);
    }

    /** Impression ids with live state right now. */
    public int liveKeys() {
        return states.size();
    }

    /** The most impression ids that had live state at once. */
    public long peakKeys() {
        return peakKeys;
    }

    private void apply(String key, JoinState state, JoinOutput result) {
        result.examples().forEach(out);
        if (result.isStateCleared()) {
            states.remove(key);
        } else {
            result.timers().forEach(t -> timers.add(new Timer(t, key)));
        }
        peakKeys = Math.max(peakKeys, states.size());
    }
}
