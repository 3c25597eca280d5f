package dev.flowrec.core.batch;

import java.util.List;

/**
 * A mini-batch in flat row-major arrays, ready to wrap as tensors without copying per element.
 * {@code featureRows[i * fields + f]}, {@code labels[i * tasks + t]}, {@code weights[i * tasks + t]}.
 */
public record Batch(int size, int fields, int tasks, int[] featureRows, int[] scenarios, float[] labels, float[] weights) {

    public Batch {
        if (featureRows.length != size * fields || scenarios.length != size
                || labels.length != size * tasks || weights.length != size * tasks) {
            throw new IllegalArgumentException("array lengths do not match size=" + size + " fields=" + fields
                    + " tasks=" + tasks);
        }
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
}
