package dev.flowrec.bench.fault;

import dev.flowrec.events.Impression;
import dev.flowrec.serving.LoadedModel;
import dev.flowrec.serving.Score;
import dev.flowrec.serving.SnapshotSubscriber;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A serving replica through the faults: a {@link SnapshotSubscriber} following the snapshot topic,
 * scoring one impression every few milliseconds from its first model on. Any failure to score after
 * that (an exception, a probability outside [0, 1]) is a serving error; a fault run must see none.
 */
final class ServingProbe implements AutoCloseable {
    private static final long PAUSE_MILLIS = 20;

    private final SnapshotSubscriber subscriber;
    private final Impression request;
    private final Thread thread;
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong highestServed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean running = true;

    ServingProbe(
            String bootstrapServers,
            String topic,
            String modelId,
            String signingKeyId,
            PublicKey signingKey,
            Impression request) {
        this.subscriber =
                SnapshotSubscriber.builder()
                        .bootstrapServers(bootstrapServers)
                        .topic(topic)
                        .modelId(modelId)
                        .publicKey(signingKeyId, signingKey)
                        .build()
                        .start();
        this.request = request;
        this.thread = new Thread(this::score, "fault-serving-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void score() {
        while (running) {
            if (subscriber.current().isPresent()) {
                try {
                    Score s = subscriber.scorer().score(request);
                    highestServed.accumulateAndGet(s.modelVersion(), Math::max);
                    for (double p : s.probabilities().values()) {
                        if (!(p >= 0 && p <= 1)) {
                            throw new IllegalStateException("probability " + p);
                        }
                    }
                    scored.incrementAndGet();
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The version served now, 0 before the first. */
    long version() {
        return subscriber.current().map(LoadedModel::version).orElse(0L);
    }

    /** Examples the served model was trained on, 0 before the first. */
    long examplesTrained() {
        return subscriber.current().map(m -> m.manifest().getExamplesTrained()).orElse(0L);
    }

    long scored() {
        return scored.get();
    }

    long errors() {
        return errors.get();
    }

    /** The first serving error, or null. */
    String firstError() {
        return firstError.get();
    }

    /** The highest version any score came from: a tampered one must never be among them. */
    long highestVersionServed() {
        return highestServed.get();
    }

    /** Snapshots the subscriber refused, all reasons together. */
    long refusedTotal() {
        return subscriber.rejectedCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Snapshots the subscriber refused (corrupt, forged, stale and the like), by reason. */
    java.util.Map<String, Long> rejected() {
        var out = new java.util.TreeMap<String, Long>();
        subscriber
                .rejectedCounts()
                .forEach(
                        (reason, n) -> {
                            if (n > 0) {
                                out.put(reason.name(), n);
                            }
                        });
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        subscriber.close();
    }
}
