package dev.flowrec.models.inference;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code y = x·W + b}, optionally through a ReLU, for a batch of rows, on OpenBLAS directly: the
 * weights sit in native memory once, inputs and outputs pass through the calling thread's {@link
 * ProductBuffers}. Up to {@link #ROWS_PER_GEMV} rows go one matrix-vector product each: on the
 * shapes of FlowRec's models OpenBLAS's {@code sgemv} is about ten times faster than {@code sgemm}
 * with one row, and {@code sgemm} wins from about 16 rows on.
 *
 * <p>Immutable and thread-safe: nothing moves the weights' pointer.
 */
public final class DenseProduct {
    /** Most rows multiplied one {@code sgemv} at a time; more go in one {@code sgemm}. */
    public static final int ROWS_PER_GEMV = 12;

    private final int in;
    private final int out;
    private final FloatPointer weights;
    private final float[] bias;
    private final boolean relu;

    /**
     * @param weights {@code [in, out]} row-major
     * @param bias {@code [out]}, or null for none
     */
    public DenseProduct(int in, int out, float[] weights, float[] bias, boolean relu) {
        if (in < 1 || out < 1 || weights.length != in * out) {
            throw new IllegalArgumentException(
                    "weights of a [" + in + ", " + out + "] product hold " + weights.length);
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias of width " + out + " holds " + bias.length);
        }
        this.in = in;
        this.out = out;
        this.weights = new FloatPointer(weights);
        this.bias = bias == null ? null : bias.clone();
        this.relu = relu;
    }

    /**
     * The weights {@code W [in, out]} and bias {@code b} of the graph's dense layer {@code layer}
     * (a frozen layer's too).
     */
    public static DenseProduct of(ComputationGraph graph, String layer, boolean relu) {
        INDArray w = graph.getLayer(layer).getParam("W");
        INDArray b = graph.getLayer(layer).getParam("b");
        return new DenseProduct(
                (int) w.size(0),
                (int) w.size(1),
                Nd4j.toFlattened('c', w).toFloatVector(),
                b == null ? null : Nd4j.toFlattened('c', b).toFloatVector(),
                relu);
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /**
     * Multiplies the first {@code rows} rows of {@code x} ({@code [rows, in]} row-major) into
     * {@code y} ({@code [rows, out]}), which it returns.
     */
    public float[] apply(float[] x, int rows, float[] y) {
        Objects.checkFromIndexSize(0, rows * in, x.length);
        Objects.checkFromIndexSize(0, rows * out, y.length);
        ProductBuffers buffers = ProductBuffers.forThisThread(rows * in, rows * out);
        FloatPointer input = buffers.input();
        FloatPointer output = buffers.output();
        input.position(0).put(x, 0, rows * in);
        if (rows <= ROWS_PER_GEMV) {
            for (int r = 0; r < rows; r++) {
                input.position((long) r * in);
                output.position((long) r * out);
                cblas_sgemv(
                        CblasRowMajor,
                        CblasTrans,
                        in,
                        out,
                        1f,
                        weights,
                        out,
                        input,
                        1,
                        0f,
                        output,
                        1);
            }
            input.position(0);
            output.position(0);
        } else {
            multiply(input, weights, output, rows, in, out);
        }
        output.position(0).get(y, 0, rows * out);
        finish(y, rows);
        return y;
    }

    /**
     * {@code y = x·w} with OpenBLAS's {@code sgemm}, all row-major in native memory: {@code x
     * [rows, in]}, {@code w [in, out]}, {@code y [rows, out]}.
     */
    public static void multiply(
            FloatPointer x, FloatPointer w, FloatPointer y, int rows, int in, int out) {
        multiply(false, false, x, w, y, rows, out, in);
    }

    /**
     * {@code c = op(a)·op(b)} with OpenBLAS's {@code sgemm}, all row-major and dense in native
     * memory, {@code op} transposing when asked: {@code c [m, n]}, {@code op(a) [m, k]}, {@code
     * op(b) [k, n]}. The backward products of a dense layer {@code y = x·w} are {@code
     * multiply(true, false, x, dy, dw, in, out, rows)} for the weights and {@code multiply(false,
     * true, dy, w, dx, rows, in, out)} for the input.
     */
    public static void multiply(
            boolean transposeA,
            boolean transposeB,
            FloatPointer a,
            FloatPointer b,
            FloatPointer c,
            int m,
            int n,
            int k) {
        cblas_sgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                m,
                n,
                k,
                1f,
                a,
                transposeA ? m : k,
                b,
                transposeB ? k : n,
                0f,
                c,
                n);
    }

    private void finish(float[] y, int rows) {
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) {
                    y[o + j] += bias[j];
                }
            }
        }
        if (relu) {
            int n = rows * out;
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(y[i], 0f);
            }
        }
    }
}
