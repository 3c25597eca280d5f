package dev.flowrec.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Cuts a layer's flat parameter (or gradient) view into named matrices, in order, each a view in
 * 'f' order as DL4J's own initialisers lay them out, so the updater, the serialiser and the
 * gradient checker all see the same numbers.
 */
public final class ParameterViews {
    private final INDArray flat;
    private long next;

    public ParameterViews(INDArray flat) {
        this.flat = flat;
    }

    /** The next {@code rows × columns} parameters as a matrix view. */
    public INDArray take(long rows, long columns) {
        long length = rows * columns;
        // M2.1 hands layers rank-1 views; older DL4J versions [1, N] rows.
        INDArray slice =
                flat.rank() == 1
                        ? flat.get(NDArrayIndex.interval(next, next + length))
                        : flat.get(
                                NDArrayIndex.interval(0, 0, true),
                                NDArrayIndex.interval(next, next + length));
        next += length;
        return slice.reshape('f', rows, columns);
    }

    /** Parameters consumed so far; must equal the view's length when done. */
    public long taken() {
        return next;
    }

    /**
     * @throws IllegalStateException unless the layout took the whole view; {@code what} names the
     *     layer in the message
     */
    public void checkFullyTaken(String what) {
        if (next != flat.length()) {
            throw new IllegalStateException(
                    what
                            + " parameter view has "
                            + flat.length()
                            + " values, the layout needs "
                            + next);
        }
    }
}
