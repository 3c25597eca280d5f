package dev.flowrec.bench.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads that each call one operation back to back for a while (a closed loop: a new call starts
 * when the last one answers), timing every call. Latencies are what a caller sees without queueing
 * in front of it; throughput is calls per second of all threads together.
 */
final class ClosedLoop {
    /** What one run measured. */
    record Outcome(
            int threads,
            long calls,
            double seconds,
            double[] millis,
            long errors,
            String firstError) {
        double callsPerSecond() {
            return calls / seconds;
        }
    }

    /** One call; {@code thread} and {@code call} let it pick its input without sharing state. */
    @FunctionalInterface
    interface Call {
        void run(int thread, long call) throws Exception;
    }

    private ClosedLoop() {}

    /** Runs {@code warmUp} untimed, then {@code measured} timed, on {@code threads} threads. */
    static Outcome run(int threads, Duration warmUp, Duration measured, Call call)
            throws InterruptedException {
        List<double[]> perThread = new ArrayList<>();
        long[] counts = new long[threads];
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime() + warmUp.toNanos();
        long end = start + measured.toNanos();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            double[] latencies = new double[1 << 20];
            perThread.add(latencies);
            Thread worker =
                    new Thread(
                            () -> {
                                long i = 0;
                                int kept = 0;
                                try {
                                    while (true) {
                                        long before = System.nanoTime();
                                        if (before - end >= 0) {
                                            break;
                                        }
                                        try {
                                            call.run(thread, i++);
                                        } catch (Exception e) {
                                            errors.incrementAndGet();
                                            firstError.compareAndSet(null, e);
                                        }
                                        long after = System.nanoTime();
                                        if (before - start >= 0) {
                                            if (kept < latencies.length) {
                                                latencies[kept] = (after - before) / 1e6;
                                            }
                                            kept++;
                                        }
                                    }
                                } finally {
                                    counts[thread] = kept;
                                    done.countDown();
                                }
                            },
                            "closed-loop-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        done.await();
        long calls = 0;
        int keptTotal = 0;
        for (int t = 0; t < threads; t++) {
            calls += counts[t];
            keptTotal += (int) Math.min(counts[t], perThread.get(t).length);
        }
        double[] all = new double[keptTotal];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            int n = (int) Math.min(counts[t], perThread.get(t).length);
            System.arraycopy(perThread.get(t), 0, all, at, n);
            at += n;
        }
        java.util.Arrays.sort(all);
        Throwable error = firstError.get();
        return new Outcome(
                threads,
                calls,
                measured.toNanos() / 1e9,
                all,
                errors.get(),
                error == null ? null : error.toString());
    }
}
