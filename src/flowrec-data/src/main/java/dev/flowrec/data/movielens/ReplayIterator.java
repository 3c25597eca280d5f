package dev.flowrec.data.movielens;

import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.stream.StreamEvent.FeedbackEvent;
import dev.flowrec.data.stream.StreamEvent.ImpressionEvent;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Merges the time-ordered impressions with their future feedback. When an impression is emitted,
 * its click and like feedback go into a priority queue at their drawn times; each step emits the
 * earliest queued feedback if it is strictly earlier than the next impression, else the impression.
 * A user's sequences are updated when feedback is <em>emitted</em>, so an impression's sequences
 * hold exactly the feedback the stream delivered before it, all strictly earlier.
 *
 * <p>Memory is the queue (feedback within the longest delay) plus one ring buffer per active user.
 */
final class ReplayIterator implements Iterator<StreamEvent> {
    private static final int CLICK = 0;
    private static final int LIKE = 1;

    private final MovieLens1m data;
    private final ReplayConfig config;
    private final int[] timeOrder;
    private final int limit;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final int[][][] history; // [task][user] ring of movie ids, allocated on first use
    private final long[][] historyCount; // [task][user] feedback ever recorded
    private int nextImpression;
    private long sequence;

    ReplayIterator(MovieLens1m data, ReplayConfig config, int[] timeOrder, int limit) {
        this.data = data;
        this.config = config;
        this.timeOrder = timeOrder;
        this.limit = limit;
        this.random = new SplittableRandom(config.seed());
        int users = config.sequenceLength() == 0 ? 0 : data.userTable().maxUserId() + 1;
        this.history = new int[2][users][];
        this.historyCount = new long[2][users];
    }

    @Override
    public boolean hasNext() {
        return nextImpression < limit || !pending.isEmpty();
    }

    @Override
    public StreamEvent next() {
        boolean impressionsLeft = nextImpression < limit;
        if (!pending.isEmpty()
                && (!impressionsLeft || pending.peek().time() < impressionTime(nextImpression))) {
            return emitFeedback(pending.poll());
        }
        if (impressionsLeft) {
            return emitImpression(timeOrder[nextImpression++]);
        }
        throw new NoSuchElementException("the MovieLens replay is exhausted");
    }

    private long impressionTime(int i) {
        return data.timestampSeconds(timeOrder[i]) * 1000L;
    }

    private FeedbackEvent emitFeedback(Pending p) {
        int user = data.userId(p.row());
        if (config.sequenceLength() > 0) {
            int length = config.sequenceLength();
            int[][] rings = history[p.task()];
            if (rings[user] == null) {
                rings[user] = new int[length];
            }
            rings[user][(int) (historyCount[p.task()][user] % length)] = data.movieId(p.row());
            historyCount[p.task()][user]++;
        }
        String task = MovieLens1m.TASKS.get(p.task());
        return new FeedbackEvent(
                new Feedback(MovieLensReplay.impressionId(p.row()), task, p.time(), null));
    }

    private ImpressionEvent emitImpression(int row) {
        long time = data.timestampSeconds(row) * 1000L;
        if (data.click(row)) {
            schedule(time + delayMillis(config.clickDelay().toMillis()), row, CLICK);
        }
        if (data.like(row)) {
            schedule(time + delayMillis(config.likeDelay().toMillis()), row, LIKE);
        }
        Map<String, String> categorical = new HashMap<>(8);
        categorical.put("gender", data.gender(row));
        categorical.put("age", Integer.toString(data.age(row)));
        categorical.put("occupation", Integer.toString(data.occupation(row)));
        categorical.put("zip", data.zip(row));
        categorical.put("cate_id", data.firstGenre(row));
        Impression impression =
                new Impression(
                        MovieLensReplay.impressionId(row),
                        time,
                        Integer.toString(data.userId(row)),
                        Integer.toString(data.movieId(row)),
                        MovieLens1m.SCENARIOS.get(data.scenario(row)),
                        categorical,
                        new HashMap<>(),
                        sequences(data.userId(row)));
        // In the order of MovieLens1m.TASKS; a rating is a recorded outcome, with no probability
        // behind it.
        return new ImpressionEvent(
                impression, new int[] {data.click(row) ? 1 : 0, data.like(row) ? 1 : 0}, null);
    }

    private void schedule(long time, int row, int task) {
        pending.add(new Pending(time, sequence++, row, task));
    }

    /** Log-normal around the median, at least 1 ms so feedback is strictly later. */
    private long delayMillis(long medianMillis) {
        double delay = medianMillis;
        if (config.delaySigma() > 0) {
            delay *= Math.exp(config.delaySigma() * random.nextGaussian());
        }
        return Math.max(1L, Math.round(delay));
    }

    private Map<String, List<String>> sequences(int user) {
        Map<String, List<String>> out = new HashMap<>(4);
        if (config.sequenceLength() == 0) {
            return out;
        }
        out.put(MovieLensReplay.CLICKED_SEQUENCE, latest(CLICK, user));
        out.put(MovieLensReplay.LIKED_SEQUENCE, latest(LIKE, user));
        return out;
    }

    /** The user's latest movies for a task, oldest first. */
    private List<String> latest(int task, int user) {
        int[] ring = history[task][user];
        long total = historyCount[task][user];
        int length = config.sequenceLength();
        List<String> out = new ArrayList<>((int) Math.min(total, length));
        for (long k = Math.max(0, total - length); k < total; k++) {
            out.add(Integer.toString(ring[(int) (k % length)]));
        }
        return out;
    }

    /** Feedback waiting for its time; ties keep the order in which it was scheduled. */
    private record Pending(long time, long sequence, int row, int task)
            implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
