package dev.flowrec.core.batch;

import java.util.List;

/**
 * A mini-batch in flat row-major arrays, ready to wrap as tensors without copying per element.
 * {@code featureRows[i * fields + f]}, {@code labels[i * tasks + t]}, {@code weights[i * tasks +
 * t]}, and optionally {@code dense[i * denseWidth + d]}: real-valued inputs that are not embedding
 * rows (the M3oE reference feeds MovieLens's age as one min-max-scaled value), and behaviour
 * sequences {@code sequences[(i * behaviours + b) * sequenceLength + l]}: embedding rows of the
 * items of behaviour b (e.g. clicked, liked) strictly before the impression, oldest first,
 * right-aligned and padded on the left with {@link #PADDING} (DTRN's input). Most batches have
 * neither, and the seven-argument constructor builds those.
 */
public record Batch(
        int size,
        int fields,
        int tasks,
        int[] featureRows,
        int[] scenarios,
        float[] labels,
        float[] weights,
        int denseWidth,
        float[] dense,
        int behaviours,
        int sequenceLength,
        int[] sequences) {
    /** A sequence position without an item. */
    public static final int PADDING = -1;

    private static final float[] NO_DENSE = new float[0];
    private static final int[] NO_SEQUENCES = new int[0];

    public Batch {
        if (featureRows.length != size * fields
                || scenarios.length != size
                || labels.length != size * tasks
                || weights.length != size * tasks) {
            throw new IllegalArgumentException(
                    "array lengths do not match size="
                            + size
                            + " fields="
                            + fields
                            + " tasks="
                            + tasks);
        }
        if (denseWidth < 0 || dense.length != size * denseWidth) {
            throw new IllegalArgumentException(
                    "dense values: "
                            + dense.length
                            + " for size="
                            + size
                            + " denseWidth="
                            + denseWidth
                            + ", expected size * denseWidth");
        }
        if (behaviours < 0
                || sequenceLength < 0
                || sequences.length != size * behaviours * sequenceLength) {
            throw new IllegalArgumentException(
                    "sequence rows: "
                            + sequences.length
                            + " for size="
                            + size
                            + " behaviours="
                            + behaviours
                            + " sequenceLength="
                            + sequenceLength
                            + ", expected size * behaviours * sequenceLength");
        }
    }

    /** A batch without dense values or sequences. */
    public Batch(
            int size,
            int fields,
            int tasks,
            int[] featureRows,
            int[] scenarios,
            float[] labels,
            float[] weights) {
        this(size, fields, tasks, featureRows, scenarios, labels, weights, 0, NO_DENSE);
    }

    /** A batch with dense values and no sequences. */
    public Batch(
            int size,
            int fields,
            int tasks,
            int[] featureRows,
            int[] scenarios,
            float[] labels,
            float[] weights,
            int denseWidth,
            float[] dense) {
        this(
                size,
                fields,
                tasks,
                featureRows,
                scenarios,
                labels,
                weights,
                denseWidth,
                dense,
                0,
                0,
                NO_SEQUENCES);
    }

    public static Batch of(List<EncodedExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int n = examples.size();
        int fields = examples.get(0).featureRows().length;
        int tasks = examples.get(0).labels().length;
        int behaviours = examples.get(0).behaviours();
        int perExample = examples.get(0).sequenceRows().length;
        int[] sequences = new int[n * perExample];
        int[] rows = new int[n * fields];
        int[] scenarios = new int[n];
        float[] labels = new float[n * tasks];
        float[] weights = new float[n * tasks];
        for (int i = 0; i < n; i++) {
            EncodedExample e = examples.get(i);
            if (e.featureRows().length != fields
                    || e.labels().length != tasks
                    || e.behaviours() != behaviours
                    || e.sequenceRows().length != perExample) {
                throw new IllegalArgumentException(
                        "example "
                                + i
                                + " has "
                                + e.featureRows().length
                                + " fields, "
                                + e.labels().length
                                + " tasks and "
                                + e.sequenceRows().length
                                + " sequence rows of "
                                + e.behaviours()
                                + " behaviours, expected "
                                + fields
                                + ", "
                                + tasks
                                + ", "
                                + perExample
                                + " and "
                                + behaviours);
            }
            System.arraycopy(e.sequenceRows(), 0, sequences, i * perExample, perExample);
            System.arraycopy(e.featureRows(), 0, rows, i * fields, fields);
            scenarios[i] = e.scenario();
            System.arraycopy(e.labels(), 0, labels, i * tasks, tasks);
            System.arraycopy(e.weights(), 0, weights, i * tasks, tasks);
        }
        return new Batch(
                n,
                fields,
                tasks,
                rows,
                scenarios,
                labels,
                weights,
                0,
                NO_DENSE,
                behaviours,
                behaviours == 0 ? 0 : perExample / behaviours,
                sequences);
    }

    /** The same batch with other loss weights; dense values and sequences are kept. */
    public Batch withWeights(float[] newWeights) {
        return new Batch(
                size,
                fields,
                tasks,
                featureRows,
                scenarios,
                labels,
                newWeights,
                denseWidth,
                dense,
                behaviours,
                sequenceLength,
                sequences);
    }

    /** The same batch with other labels; dense values and sequences are kept. */
    public Batch withLabels(float[] newLabels) {
        return new Batch(
                size,
                fields,
                tasks,
                featureRows,
                scenarios,
                newLabels,
                weights,
                denseWidth,
                dense,
                behaviours,
                sequenceLength,
                sequences);
    }

    public float label(int example, int task) {
        return labels[example * tasks + task];
    }

    public float weight(int example, int task) {
        return weights[example * tasks + task];
    }

    public float dense(int example, int index) {
        return dense[example * denseWidth + index];
    }

    /**
     * Row of position {@code position} of behaviour {@code behaviour}'s sequence, or {@link
     * #PADDING}.
     */
    public int sequenceRow(int example, int behaviour, int position) {
        return sequences[(example * behaviours + behaviour) * sequenceLength + position];
    }
}
