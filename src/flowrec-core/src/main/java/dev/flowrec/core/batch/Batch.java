package dev.flowrec.core.batch;

import java.util.List;

/**
 * A mini-batch in flat row-major arrays, ready to wrap as tensors without copying per element.
 * {@code featureRows[i * fields + f]}, {@code labels[i * tasks + t]}, {@code weights[i * tasks + t]},
 * and optionally {@code dense[i * denseWidth + d]}: real-valued inputs that are not embedding rows
 * (the M3oE reference feeds MovieLens's age as one min-max-scaled value). Most batches have none
 * ({@code denseWidth} 0), and the seven-argument constructor builds those.
 */
public record Batch(int size, int fields, int tasks, int[] featureRows, int[] scenarios, float[] labels, float[] weights,
        int denseWidth, float[] dense) {
    private static final float[] NO_DENSE = new float[0];

    public Batch {
        if (featureRows.length != size * fields || scenarios.length != size
                || labels.length != size * tasks || weights.length != size * tasks) {
            throw new IllegalArgumentException("array lengths do not match size=" + size + " fields=" + fields
                    + " tasks=" + tasks);
        }
        if (denseWidth < 0 || dense.length != size * denseWidth) {
            throw new IllegalArgumentException("dense values: " + dense.length + " for size=" + size + " denseWidth="
                    + denseWidth + ", expected size * denseWidth");
        }
    }

    /** A batch without dense values. */
    public Batch(int size, int fields, int tasks, int[] featureRows, int[] scenarios, float[] labels, float[] weights) {
        this(size, fields, tasks, featureRows, scenarios, labels, weights, 0, NO_DENSE);
    }

    public static Batch of(List<EncodedExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int n = examples.size();
        int fields = examples.get(0).featureRows().length;
        int tasks = examples.get(0).labels().length;
        int[] rows = new int[n * fields];
        int[] scenarios = new int[n];
        float[] labels = new float[n * tasks];
        float[] weights = new float[n * tasks];
        for (int i = 0; i < n; i++) {
            EncodedExample e = examples.get(i);
            if (e.featureRows().length != fields || e.labels().length != tasks) {
                throw new IllegalArgumentException("example " + i + " has " + e.featureRows().length + " fields and "
                        + e.labels().length + " tasks, expected " + fields + " and " + tasks);
            }
            System.arraycopy(e.featureRows(), 0, rows, i * fields, fields);
            scenarios[i] = e.scenario();
            System.arraycopy(e.labels(), 0, labels, i * tasks, tasks);
            System.arraycopy(e.weights(), 0, weights, i * tasks, tasks);
        }
        return new Batch(n, fields, tasks, rows, scenarios, labels, weights);
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
}
