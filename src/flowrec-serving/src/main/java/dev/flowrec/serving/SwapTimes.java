package dev.flowrec.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleConsumer;

/**
 * How long swaps took: from a snapshot's manifest arriving to the first request answered by that
 * version, which covers the chunks' transfer, verification, loading, making its inference and the
 * swap. Kept for the last {@link #KEPT} swaps, and passed on to observers (metrics) as they happen.
 * Swaps from the snapshot cache, at catch-up and after a pin are not timed: their manifest did not
 * just arrive.
 */
public final class SwapTimes {
    /** Swaps whose times are kept for {@link #recent()}. */
    public static final int KEPT = 1024;

    private final long[] nanos = new long[KEPT];
    private long count;
    private final List<DoubleConsumer> observers = new CopyOnWriteArrayList<>();

    void record(long swapNanos) {
        synchronized (nanos) {
            nanos[(int) (count % KEPT)] = swapNanos;
            count++;
        }
        for (DoubleConsumer observer : observers) {
            observer.accept(swapNanos / 1e9);
        }
    }

    /** Calls {@code seconds} with each swap's duration from now on, on the answering thread. */
    public void observe(DoubleConsumer seconds) {
        observers.add(seconds);
    }

    /** Swaps timed since start. */
    public long count() {
        synchronized (nanos) {
            return count;
        }
    }

    /** The last {@link #KEPT} swap times at most, oldest first. */
    public List<Duration> recent() {
        synchronized (nanos) {
            int kept = (int) Math.min(count, KEPT);
            List<Duration> out = new ArrayList<>(kept);
            for (long i = count - kept; i < count; i++) {
                out.add(Duration.ofNanos(nanos[(int) (i % KEPT)]));
            }
            return out;
        }
    }
}
