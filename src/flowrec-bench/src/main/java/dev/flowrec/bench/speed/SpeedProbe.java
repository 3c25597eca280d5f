package dev.flowrec.bench.speed;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.MultiTaskModel;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The timed loops of benchmark B4, each after a warm-up: training steps, scoring at a batch size,
 * single-request latency, and the ND4J matrix multiply that sets the machine's ceiling. Figures are
 * wall-clock on whatever else the machine runs, which is why B4 compares models measured in the
 * same run and reports ratios.
 */
final class SpeedProbe {
    private SpeedProbe() {}

    /**
     * Training examples/s over {@code batches} after {@code warmup} untimed steps, cycling through
     * the list.
     */
    static double trainExamplesPerSecond(
            MultiTaskModel model, List<Batch> batches, int warmup, int timed) {
        for (int i = 0; i < warmup; i++) {
            model.fit(batches.get(i % batches.size()));
        }
        long examples = 0;
        long start = System.nanoTime();
        for (int i = 0; i < timed; i++) {
            Batch b = batches.get((warmup + i) % batches.size());
            model.fit(b);
            examples += b.size();
        }
        return examples / seconds(start);
    }

    /** Scored examples/s at the batch's size, over at least {@code minSeconds} after a warm-up. */
    static double scoreExamplesPerSecond(MultiTaskModel model, Batch batch, double minSeconds) {
        for (int i = 0; i < 3; i++) {
            model.predict(batch);
        }
        long examples = 0;
        long start = System.nanoTime();
        do {
            model.predict(batch);
            examples += batch.size();
        } while (seconds(start) < minSeconds);
        return examples / seconds(start);
    }

    /** Latencies in milliseconds of {@code requests} single-example scorings, sorted ascending. */
    static double[] singleRequestLatencies(
            MultiTaskModel model, List<Batch> singles, int requests) {
        for (int i = 0; i < 20; i++) {
            model.predict(singles.get(i % singles.size()));
        }
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            model.predict(singles.get(i % singles.size()));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    /** FLOAT GEMM throughput of ND4J on this machine, in FLOPs/s: {@code n×n} times {@code n×n}. */
    static double gemmFlopsPerSecond(int n, double minSeconds) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            a.mmuli(b, c);
        }
        long products = 0;
        long start = System.nanoTime();
        do {
            a.mmuli(b, c);
            products++;
        } while (seconds(start) < minSeconds);
        return products * 2.0 * n * n * n / seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
