package dev.flowrec.models.inference;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The calling thread's native input and output buffers for {@link DenseProduct}, grown to the
 * largest batch it has multiplied and then reused, by every model version: a request allocates no
 * native memory once its thread has served a batch as large.
 */
final class ProductBuffers {
    private static final ThreadLocal<ProductBuffers> OF_THREAD =
            ThreadLocal.withInitial(ProductBuffers::new);

    private FloatPointer input = new FloatPointer(1024);
    private FloatPointer output = new FloatPointer(1024);

    private ProductBuffers() {}

    static ProductBuffers forThisThread(long inputFloats, long outputFloats) {
        ProductBuffers b = OF_THREAD.get();
        if (b.input.capacity() < inputFloats) {
            b.input.close();
            b.input = new FloatPointer(grown(inputFloats));
        }
        if (b.output.capacity() < outputFloats) {
            b.output.close();
            b.output = new FloatPointer(grown(outputFloats));
        }
        return b;
    }

    private static long grown(long floats) {
        return Math.max(floats, 1024) + floats / 4;
    }

    FloatPointer input() {
        return input;
    }

    FloatPointer output() {
        return output;
    }
}
