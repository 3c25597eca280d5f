package dev.flowrec.data.movielens;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.data.movielens.MovieLensSplit.Part;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Turns rating rows into model {@link Batch}es with the {@link MovieLensVocabulary}'s global
 * embedding rows, the scenario index in {@link MovieLens1m#SPACE} and both task labels with weight
 * 1 (every rating labels both tasks, nothing is delayed offline).
 *
 * <p>Batches are consecutive rows in the given order with a partial last batch, as the AutoIFS
 * reference batches its fixed training order. They are built on demand, so an epoch over 800,000
 * rows holds one batch at a time rather than all of them. Batches {@link #withHistory with a
 * history} also carry each rating's behaviour sequences.
 */
public final class MovieLensBatches {
    private final MovieLens1m data;
    private final RatingEncoding encoding;
    private final MovieLensHistory history;

    /**
     * Batches encoded by {@code encoding}: a {@link MovieLensVocabulary} or an {@link
     * M3oeEncoding}.
     */
    public MovieLensBatches(MovieLens1m data, RatingEncoding encoding) {
        this(data, encoding, null);
    }

    private MovieLensBatches(MovieLens1m data, RatingEncoding encoding, MovieLensHistory history) {
        this.data = data;
        this.encoding = encoding;
        this.history = history;
    }

    /** The same batches, each rating with its behaviour sequences from {@code history}. */
    public MovieLensBatches withHistory(MovieLensHistory history) {
        return new MovieLensBatches(data, encoding, history);
    }

    /** Number of batches {@code rows} ratings make, the last one possibly partial. */
    public static int batchCount(int rows, int batchSize) {
        checkBatchSize(batchSize);
        return (rows + batchSize - 1) / batchSize;
    }

    /** The batch of {@code rows[from, to)}, in that order. */
    public Batch batch(int[] rows, int from, int to) {
        if (from < 0 || to > rows.length || from >= to) {
            throw new IndexOutOfBoundsException(
                    String.format(
                            "batch range [%d, %d) is empty or outside the %d rows",
                            from, to, rows.length));
        }
        int size = to - from;
        int fields = encoding.fieldCount();
        int denseWidth = encoding.denseWidth();
        int tasks = MovieLens1m.TASKS.size();
        int[] featureRows = new int[size * fields];
        float[] dense = new float[size * denseWidth];
        int[] scenarios = new int[size];
        float[] labels = new float[size * tasks];
        float[] weights = new float[size * tasks];
        Arrays.fill(weights, 1f);
        int behaviours = history == null ? 0 : history.behaviours();
        int length = history == null ? 0 : history.length();
        int[] sequences = new int[size * behaviours * length];
        for (int i = 0; i < size; i++) {
            int row = rows[from + i];
            encoding.encode(row, featureRows, i * fields);
            encoding.dense(row, dense, i * denseWidth);
            scenarios[i] = data.scenario(row);
            if (history != null) {
                history.write(row, sequences, i * behaviours * length);
            }
            for (int t = 0; t < tasks; t++) {
                labels[i * tasks + t] = data.label(row, t);
            }
        }
        return new Batch(
                size,
                fields,
                tasks,
                featureRows,
                scenarios,
                labels,
                weights,
                denseWidth,
                dense,
                behaviours,
                length,
                sequences);
    }

    /**
     * The batches of {@code rows} in order, {@code batchSize} each and a partial last one. The rows
     * are copied, so the caller may reuse or reshuffle its array; each iterator is a fresh pass.
     */
    public Iterable<Batch> batches(int[] rows, int batchSize) {
        checkBatchSize(batchSize);
        int[] copy = rows.clone();
        return () -> new BatchIterator(copy, batchSize);
    }

    /** {@link #batches(int[], int)} over one part of a split, in the split's order. */
    public Iterable<Batch> batches(MovieLensSplit split, Part part, int batchSize) {
        return batches(split.rows(part), batchSize);
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    String.format("batchSize must be >= 1, got %d", batchSize));
        }
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final int[] rows;
        private final int batchSize;
        private int next;

        BatchIterator(int[] rows, int batchSize) {
            this.rows = rows;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            return next < rows.length;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException(
                        String.format("all %d rows have been batched", rows.length));
            }
            int to = Math.min(rows.length, next + batchSize);
            Batch batch = batch(rows, next, to);
            next = to;
            return batch;
        }
    }
}
