package dev.flowrec.bench.report;

import dev.flowrec.models.inference.DenseProduct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;

/**
 * How fast OpenBLAS's {@code sgemm} runs a model's own matrix products, each {@code [in, out]}
 * layer shape timed at the batch size on the calling thread with operands already in native memory:
 * the forward product {@code x·W}, and for training the weight-gradient {@code xᵀ·dY} and
 * input-gradient {@code dY·Wᵀ} products. A model that spent its whole time in these products would
 * run at {@link #forwardExamplesPerSecond()} scoring and {@link #trainingExamplesPerSecond()}
 * training: that is the dense-math limit B4 and the serving benchmark report shares of.
 *
 * @param batch rows of every product
 * @param products every product of the model in its order, repeated shapes included
 * @param shapes the rates of each distinct shape, measured once
 */
public record ProductRates(int batch, List<int[]> products, Map<String, ShapeRate> shapes) {

    /**
     * One shape's measured times: the products of a dense layer {@code y = x·W} with {@code W}
     * stored {@code [in, out]} row-major, and with {@code W} stored {@code [out, in]} (PyTorch's
     * layout, and DL4J's 'f'-ordered {@code [in, out]}), which multiplies with the other
     * transposes. The limit takes, per shape, the layout whose three products are faster.
     *
     * @param weightsInOut {@code W [in, out]}
     * @param weightsOutIn {@code W [out, in]}, or null when only the forward product was timed
     */
    public record ShapeRate(int in, int out, Products weightsInOut, Products weightsOutIn) {
        /** FLOPs of one of the three products: {@code 2·batch·in·out}. */
        public double flops(int batch) {
            return 2.0 * batch * in * out;
        }

        /** The layout whose three products take the least time together. */
        public Products best() {
            return weightsOutIn == null || weightsInOut.trainingS() <= weightsOutIn.trainingS()
                    ? weightsInOut
                    : weightsOutIn;
        }

        /** Which layout {@link #best()} is: {@code "[in,out]"} or {@code "[out,in]"}. */
        public String bestLayout() {
            return best() == weightsInOut ? "[in,out]" : "[out,in]";
        }
    }

    /**
     * Seconds per call of {@code batch} rows.
     *
     * @param forwardS {@code x [batch, in]} times W
     * @param weightGradientS {@code xᵀ · dY [batch, out]} (or its transpose), NaN when not timed
     * @param inputGradientS {@code dY} times W transposed, NaN when not timed
     */
    public record Products(double forwardS, double weightGradientS, double inputGradientS) {
        double trainingS() {
            return forwardS + weightGradientS + inputGradientS;
        }
    }

    /**
     * Times every distinct shape of {@code products} for at least {@code minSeconds} per product:
     * the forward product with {@code W [in, out]} only, or, when {@code backward}, all three
     * products in both weight layouts.
     */
    public static ProductRates measure(
            int[][] products, int batch, double minSeconds, boolean backward) {
        Random random = new Random(1);
        Map<String, ShapeRate> shapes = new LinkedHashMap<>();
        List<int[]> all = new ArrayList<>();
        for (int[] shape : products) {
            all.add(shape.clone());
            String key = key(shape[0], shape[1]);
            if (!shapes.containsKey(key)) {
                shapes.put(key, time(random, shape[0], shape[1], batch, minSeconds, backward));
            }
        }
        return new ProductRates(batch, all, shapes);
    }

    private static ShapeRate time(
            Random random, int in, int out, int batch, double minSeconds, boolean backward) {
        try (FloatPointer w = random(random, (long) in * out);
                FloatPointer x = random(random, (long) batch * in);
                FloatPointer y = random(random, (long) batch * out);
                FloatPointer dw = new FloatPointer((long) in * out);
                FloatPointer dx = new FloatPointer((long) batch * in)) {
            double forward =
                    secondsPerCall(
                            () -> DenseProduct.multiply(false, false, x, w, y, batch, out, in),
                            minSeconds);
            if (!backward) {
                return new ShapeRate(in, out, new Products(forward, Double.NaN, Double.NaN), null);
            }
            Products inOut =
                    new Products(
                            forward,
                            secondsPerCall(
                                    () ->
                                            DenseProduct.multiply(
                                                    true, false, x, y, dw, in, out, batch),
                                    minSeconds),
                            secondsPerCall(
                                    () ->
                                            DenseProduct.multiply(
                                                    false, true, y, w, dx, batch, in, out),
                                    minSeconds));
            Products outIn =
                    new Products(
                            secondsPerCall(
                                    () ->
                                            DenseProduct.multiply(
                                                    false, true, x, w, y, batch, out, in),
                                    minSeconds),
                            secondsPerCall(
                                    () ->
                                            DenseProduct.multiply(
                                                    true, false, y, x, dw, out, in, batch),
                                    minSeconds),
                            secondsPerCall(
                                    () ->
                                            DenseProduct.multiply(
                                                    false, false, y, w, dx, batch, in, out),
                                    minSeconds));
            return new ShapeRate(in, out, inOut, outIn);
        }
    }

    private static double secondsPerCall(Runnable product, double minSeconds) {
        for (int i = 0; i < 3; i++) {
            product.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            product.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minSeconds * 1e9);
        return elapsed / 1e9 / calls;
    }

    private static FloatPointer random(Random random, long floats) {
        float[] values = new float[(int) floats];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatPointer(values);
    }

    private static String key(int in, int out) {
        return in + "x" + out;
    }

    private ShapeRate rate(int[] product) {
        return shapes.get(key(product[0], product[1]));
    }

    /** The forward products' time per example, summed over products. */
    public double forwardSecondsPerExample() {
        return products.stream().mapToDouble(p -> rate(p).weightsInOut().forwardS()).sum() / batch;
    }

    /**
     * Forward, weight-gradient and input-gradient products' time per example, each shape in its
     * faster layout.
     */
    public double trainingSecondsPerExample() {
        return products.stream().mapToDouble(p -> rate(p).best().trainingS()).sum() / batch;
    }

    public double forwardExamplesPerSecond() {
        return 1.0 / forwardSecondsPerExample();
    }

    public double trainingExamplesPerSecond() {
        return 1.0 / trainingSecondsPerExample();
    }

    /** FLOPs per example of the forward products, {@code 2·in·out} summed. */
    public double forwardFlopsPerExample() {
        return products.stream().mapToDouble(p -> 2.0 * p[0] * p[1]).sum();
    }

    /** The forward products' mean FLOP rate, FLOPs per second. */
    public double forwardFlopsPerSecond() {
        return forwardFlopsPerExample() / forwardSecondsPerExample();
    }

    /** The three products' mean FLOP rate, FLOPs per second. */
    public double trainingFlopsPerSecond() {
        return 3 * forwardFlopsPerExample() / trainingSecondsPerExample();
    }
}
