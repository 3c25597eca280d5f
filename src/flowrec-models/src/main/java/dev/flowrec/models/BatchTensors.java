package dev.flowrec.models;

import dev.flowrec.core.batch.Batch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a {@link Batch}'s flat arrays into the ND4J arrays every FlowRec graph takes: one {@code
 * [B, F]} array of embedding-row indices, and per task a {@code [B, 2]} array of label and loss
 * weight. Each array is filled by one primitive loop and handed to ND4J in one copy; nothing is
 * boxed.
 *
 * <p>Row indices travel as FLOAT because the whole network is FLOAT and DL4J's embedding layers
 * read their input buffer back as ints. A float holds every integer up to 2^24 exactly, hence
 * {@link #MAX_VOCABULARY}.
 */
public final class BatchTensors {
    /** Largest embedding table whose row indices survive a FLOAT input array exactly (2^24). */
    public static final int MAX_VOCABULARY = 1 << 24;

    private BatchTensors() {}

    /**
     * Embedding-row indices as a {@code [B, F]} FLOAT array.
     *
     * @throws IllegalArgumentException naming the example and field of the first row outside {@code
     *     [0, vocabularySize)}
     */
    public static INDArray rows(Batch batch, int vocabularySize) {
        return Nd4j.create(
                rowValues(batch, vocabularySize),
                new long[] {batch.size(), batch.fields()},
                DataType.FLOAT);
    }

    /**
     * The checked feature rows of {@link #rows} as FLOAT values, for models that lay them out with
     * more input.
     */
    public static float[] rowValues(Batch batch, int vocabularySize) {
        checkRows(batch, vocabularySize);
        int[] rows = batch.featureRows();
        float[] data = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            data[i] = rows[i];
        }
        return data;
    }

    /**
     * Throws unless every feature row of the batch lies in the embedding table.
     *
     * @throws IllegalArgumentException naming the example and field of the first row outside {@code
     *     [0, vocabularySize)}
     */
    public static void checkRows(Batch batch, int vocabularySize) {
        int[] rows = batch.featureRows();
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= vocabularySize) {
                throw new IllegalArgumentException(
                        "feature row "
                                + r
                                + " of example "
                                + i / batch.fields()
                                + ", field "
                                + i % batch.fields()
                                + " is outside the embedding table [0, "
                                + vocabularySize
                                + ")");
            }
        }
    }

    /**
     * Per task, a {@code [B, 2]} array: column 0 the label, column 1 the loss weight, the form
     * {@link WeightedBinaryCrossEntropy} reads. Weights do not travel as DL4J label masks because
     * M2.1 multiplies an output layer's logits by its mask and squares non-binary mask values in
     * the XENT gradient (see that class).
     */
    public static INDArray[] weightedLabels(Batch batch) {
        int n = batch.size();
        int tasks = batch.tasks();
        float[] labels = batch.labels();
        float[] weights = batch.weights();
        INDArray[] out = new INDArray[tasks];
        float[] pairs = new float[2 * n];
        for (int t = 0; t < tasks; t++) {
            for (int i = 0; i < n; i++) {
                pairs[2 * i] = labels[i * tasks + t];
                pairs[2 * i + 1] = weights[i * tasks + t];
            }
            // Nd4j.create copies the Java array, so the buffer can be reused for the next task.
            out[t] = Nd4j.create(pairs, new long[] {n, 2}, DataType.FLOAT);
        }
        return out;
    }

    /** Inputs and weighted labels of a single-input multi-task graph; no masks. */
    public static MultiDataSet trainingData(Batch batch, int vocabularySize) {
        return new MultiDataSet(
                new INDArray[] {rows(batch, vocabularySize)}, weightedLabels(batch));
    }

    /** Per-task output columns {@code [B, 1]} gathered into {@code [example][task]}. */
    public static float[][] probabilities(INDArray[] outputs, int size) {
        float[][] probs = new float[size][outputs.length];
        for (int t = 0; t < outputs.length; t++) {
            float[] column = outputs[t].reshape(size).toFloatVector();
            for (int i = 0; i < size; i++) {
                probs[i][t] = column[i];
            }
        }
        return probs;
    }
}
