package dev.flowrec.core.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One scenario x task cell's most recent scored examples, at most {@code capacity}, in a ring: a
 * new example past the capacity pushes out the eldest. The figures of what the ring holds (a {@link
 * BinnedAuc}, the sum of predictions and of log losses) change as examples enter and leave, so a
 * report costs no pass over the ring.
 *
 * <p>The sums are kept in fixed point, 2^-36 per unit, instead of doubles: adding and then removing
 * the same value is exact, so the figures depend only on what the ring holds, never on the order
 * examples came and went. Rounding cannot build up over a long stream, and a ring rebuilt from its
 * examples after a restore reports exactly what the original did. The resolution (about 1.5e-11 per
 * example) is far below anything a figure is read to; the largest sum, 2^20 log losses of at most
 * 16.2, stays below 2^61.
 *
 * <p>The ring grows by doubling as it fills, so a cell that sees few examples holds little memory.
 * Not thread-safe.
 */
final class CellWindow {
    /** Largest capacity: keeps the fixed-point sums within a long. */
    static final int MAX_CAPACITY = 1 << 20;

    private static final double UNIT = 0x1p36;
    private static final int FIRST_LENGTH = 1024;

    private final int capacity;
    private final BinnedAuc auc = new BinnedAuc();
    private float[] predictions;
    private byte[] labels;
    private int size;
    private int next; // where the next example goes; once the ring is full, the eldest
    private long sumPrediction;
    private long sumLogLoss;

    CellWindow(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    String.format("capacity must be in [1, %d], got %d", MAX_CAPACITY, capacity));
        }
        this.capacity = capacity;
        int length = Math.min(capacity, FIRST_LENGTH);
        this.predictions = new float[length];
        this.labels = new byte[length];
    }

    /**
     * Adds one scored example, pushing out the eldest when the ring is full. The prediction is a
     * float, as the model gives it, so the value removed later is exactly the value added.
     *
     * @throws IllegalArgumentException if the probability is NaN or outside [0, 1], or the label is
     *     not 0 or 1; nothing changes then
     */
    void add(float probability, int label) {
        auc.add(probability, label); // checks both arguments before anything changes
        if (size == capacity) {
            remove(predictions[next], labels[next]);
        } else if (next == predictions.length) {
            int length = (int) Math.min(capacity, 2L * predictions.length);
            predictions = Arrays.copyOf(predictions, length);
            labels = Arrays.copyOf(labels, length);
        }
        predictions[next] = probability;
        labels[next] = (byte) label;
        sumPrediction += fixed(probability);
        sumLogLoss += fixed(CellMetrics.logLoss(probability, label));
        size = Math.min(size + 1, capacity);
        next = (next + 1) % capacity;
    }

    private void remove(float probability, int label) {
        auc.remove(probability, label);
        sumPrediction -= fixed(probability);
        sumLogLoss -= fixed(CellMetrics.logLoss(probability, label));
    }

    private static long fixed(double value) {
        return Math.round(value * UNIT);
    }

    int size() {
        return size;
    }

    /** The figures of the examples in the ring, as {@link CellMetrics#report()} defines them. */
    CellReport report() {
        long positives = auc.positives();
        return new CellReport(
                size,
                positives,
                auc.auc(),
                size == 0 ? Double.NaN : sumLogLoss / UNIT / size,
                positives == 0 ? Double.NaN : sumPrediction / UNIT / positives);
    }

    /** The examples, eldest first: the figures follow from them, so they are not written. */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        int eldest = size == capacity ? next : 0;
        for (int i = 0; i < size; i++) {
            int at = (eldest + i) % predictions.length;
            out.writeFloat(predictions[at]);
            out.writeByte(labels[at]);
        }
    }

    /**
     * Reads {@link #writeTo} into a ring of {@code capacity}; when the state holds more examples
     * (the capacity was lowered), the eldest beyond it are pushed out as they would have been.
     */
    static CellWindow readFrom(DataInput in, int capacity) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    String.format("corrupt window state: %d examples in a cell", size));
        }
        CellWindow window = new CellWindow(capacity);
        for (int i = 0; i < size; i++) {
            window.add(in.readFloat(), in.readByte());
        }
        return window;
    }
}
