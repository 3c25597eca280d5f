package dev.flowrec.data.synthetic;

import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.stream.StreamEvent.FeedbackEvent;
import dev.flowrec.data.stream.StreamEvent.ImpressionEvent;
import dev.flowrec.data.synthetic.SyntheticWorld.Draw;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Merges impressions and their future feedback into one event-time-ordered stream.
 *
 * <p>Impressions arrive as a Poisson process. When an impression is drawn, its outcome is drawn
 * too, and its click and conversion go into a priority queue at their future times. Each step emits
 * whichever comes first: the earliest queued feedback if it is strictly earlier than the next
 * impression, else the impression. A user's click history is updated when a click is
 * <em>emitted</em>, so an impression's sequence holds exactly the clicks emitted before it, all
 * strictly earlier; a click at the same millisecond as the impression is not yet in it.
 *
 * <p>Memory is bounded by the queue (impression rate x longest delay) and the histories (users x
 * sequence length). Once the impression budget or time span is used up, the queue drains, so every
 * impression's feedback is in the stream.
 */
final class SyntheticEventIterator implements Iterator<StreamEvent> {
    private static final String CLICK = SyntheticGenerator.CLICK;
    private static final String CONVERSION = SyntheticGenerator.CONVERSION;

    private final SyntheticConfig config;
    private final SyntheticWorld world;
    private final SplittableRandom random;
    private final long maxImpressions;
    private final long endMillis;
    private final String idPrefix;
    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(
                    Comparator.comparingLong(Pending::time).thenComparingLong(Pending::sequence));
    private final Draw draw = new Draw();
    private final String[][] history; // per user, a ring buffer of clicked item ids
    private final long[] historyCount; // clicks ever recorded per user (ring position)
    private final double meanGapMillis;
    private double clockMillis; // exact arrival clock; event times are its floor
    private long nextImpressionTime;
    private long impressions;
    private long feedbackSequence;

    SyntheticEventIterator(
            SyntheticConfig config, SyntheticWorld world, long maxImpressions, long endMillis) {
        this.config = config;
        this.world = world;
        this.random = new SplittableRandom(world.eventSeed);
        this.maxImpressions = maxImpressions;
        this.endMillis = endMillis;
        this.idPrefix = "syn-" + Long.toHexString(config.seed()) + "-";
        this.history = new String[config.sequenceLength() == 0 ? 0 : world.users][];
        this.historyCount = new long[history.length];
        this.meanGapMillis = 1000.0 / config.impressionsPerSecond();
        this.nextImpressionTime = config.startEpochMillis();
    }

    private boolean impressionsLeft() {
        return impressions < maxImpressions && nextImpressionTime < endMillis;
    }

    @Override
    public boolean hasNext() {
        return impressionsLeft() || !pending.isEmpty();
    }

    @Override
    public StreamEvent next() {
        boolean impressionsLeft = impressionsLeft();
        if (!pending.isEmpty()
                && (!impressionsLeft || pending.peek().time() < nextImpressionTime)) {
            return emitFeedback(pending.poll());
        }
        if (impressionsLeft) {
            return emitImpression();
        }
        throw new NoSuchElementException("the synthetic stream is exhausted");
    }

    private FeedbackEvent emitFeedback(Pending p) {
        if (history.length > 0 && p.feedback().getTask().equals(CLICK)) {
            int length = config.sequenceLength();
            if (history[p.user()] == null) {
                history[p.user()] = new String[length];
            }
            history[p.user()][(int) (historyCount[p.user()] % length)] = p.item();
            historyCount[p.user()]++;
        }
        return new FeedbackEvent(p.feedback());
    }

    private ImpressionEvent emitImpression() {
        long time = nextImpressionTime;
        clockMillis += Sampling.exponential(random, meanGapMillis);
        nextImpressionTime = config.startEpochMillis() + (long) Math.floor(clockMillis);
        String id = idPrefix + impressions++;

        world.sampleImpression(random, draw);
        double pClick = world.probability(draw, SyntheticWorld.CLICK);
        double pConvertAfterClick = world.probability(draw, SyntheticWorld.CONVERSION);
        int clicked = random.nextDouble() < pClick ? 1 : 0;
        int converted = clicked == 1 && random.nextDouble() < pConvertAfterClick ? 1 : 0;
        String item = "i" + draw.item;
        if (clicked == 1) {
            long clickTime =
                    time
                            + delayMillis(
                                    config.clickDelayMedian().toMillis(),
                                    config.clickDelaySigma(),
                                    Double.POSITIVE_INFINITY);
            schedule(new Feedback(id, CLICK, clickTime, null), item);
            if (converted == 1) {
                long conversionTime =
                        clickTime
                                + delayMillis(
                                        config.conversionDelayMedian().toMillis(),
                                        config.conversionDelaySigma(),
                                        config.conversionDelayMax().toMillis());
                schedule(new Feedback(id, CONVERSION, conversionTime, draw.price), item);
            }
        }
        Impression impression =
                new Impression(
                        id,
                        time,
                        "u" + draw.user,
                        item,
                        SyntheticGenerator.SCENARIOS.get(draw.scenario),
                        categorical(),
                        numeric(),
                        sequences());
        // In the order of SyntheticGenerator.TASKS: click, conversion.
        return new ImpressionEvent(
                impression,
                new int[] {clicked, converted},
                new double[] {pClick, pClick * pConvertAfterClick});
    }

    private void schedule(Feedback feedback, String item) {
        pending.add(
                new Pending(
                        feedback.getEventTime(), feedbackSequence++, feedback, draw.user, item));
    }

    /**
     * A log-normal real-world delay, redrawn while above {@code maxRealMillis}, compressed to event
     * time and rounded up to at least 1 ms, so feedback is always strictly later.
     */
    private long delayMillis(double medianRealMillis, double sigma, double maxRealMillis) {
        double real;
        do {
            real = Sampling.logNormal(random, medianRealMillis, sigma);
        } while (real > maxRealMillis);
        return Math.max(1L, Math.round(config.compress(real)));
    }

    private Map<String, String> categorical() {
        Map<String, String> out = new HashMap<>(4);
        out.put("user_segment", "seg" + world.userSegment[draw.user]);
        out.put("item_category", "cat" + world.itemCategory[draw.item]);
        out.put("device", SyntheticWorld.DEVICES[draw.device]);
        return out;
    }

    private Map<String, Double> numeric() {
        Map<String, Double> out = new HashMap<>(2);
        out.put("price", draw.price);
        return out;
    }

    /** The user's latest clicks, oldest first; empty map when sequences are switched off. */
    private Map<String, List<String>> sequences() {
        Map<String, List<String>> out = new HashMap<>(2);
        if (history.length == 0) {
            return out;
        }
        String[] ring = history[draw.user];
        long total = historyCount[draw.user];
        int length = config.sequenceLength();
        List<String> clicked = new ArrayList<>((int) Math.min(total, length));
        for (long k = Math.max(0, total - length); k < total; k++) {
            clicked.add(ring[(int) (k % length)]);
        }
        out.put(SyntheticGenerator.CLICKED_SEQUENCE, clicked);
        return out;
    }

    /** A feedback record waiting for its time, with what the click history needs. */
    private record Pending(long time, long sequence, Feedback feedback, int user, String item) {}
}
