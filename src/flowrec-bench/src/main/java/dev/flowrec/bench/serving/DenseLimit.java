package dev.flowrec.bench.serving;

import dev.flowrec.models.inference.DenseProduct;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The dense-math limit of a forward pass: the time OpenBLAS's {@code sgemm} takes for the pass's
 * matrix products alone, each at its own shape and the batch size, on the calling thread, with
 * operands already in native memory. A model that spent its whole time in these products would
 * score at {@link #examplesPerSecond()}.
 *
 * @param secondsPerExample the products' time per example, summed over products
 * @param flopsPerExample the products' FLOPs per example, {@code 2·in·out} summed
 */
record DenseLimit(double secondsPerExample, double flopsPerExample) {

    /** Times every product for at least {@code minSeconds} at {@code batch} rows. */
    static DenseLimit measure(int[][] products, int batch, double minSeconds) {
        Random random = new Random(1);
        double seconds = 0;
        double flops = 0;
        for (int[] shape : products) {
            int in = shape[0];
            int out = shape[1];
            try (FloatPointer w = random(random, (long) in * out);
                    FloatPointer x = random(random, (long) batch * in);
                    FloatPointer y = new FloatPointer((long) batch * out)) {
                for (int i = 0; i < 3; i++) {
                    DenseProduct.multiply(x, w, y, batch, in, out);
                }
                long calls = 0;
                long start = System.nanoTime();
                long elapsed;
                do {
                    DenseProduct.multiply(x, w, y, batch, in, out);
                    calls++;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < minSeconds * 1e9);
                seconds += elapsed / 1e9 / calls / batch;
            }
            flops += 2.0 * in * out;
        }
        return new DenseLimit(seconds, flops);
    }

    private static FloatPointer random(Random random, long floats) {
        float[] values = new float[(int) floats];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatPointer(values);
    }

    double examplesPerSecond() {
        return 1.0 / secondsPerExample;
    }

    /** The products' FLOP rate, FLOPs per second. */
    double flopsPerSecond() {
        return flopsPerExample / secondsPerExample;
    }
}
