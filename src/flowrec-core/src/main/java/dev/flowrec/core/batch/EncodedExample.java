package dev.flowrec.core.batch;

/**
 * One training example as model input: global embedding rows per field, scenario index, per task a
 * label and a loss weight, and optionally {@code behaviours} behaviour sequences of equal length
 * ({@code sequenceRows}, embedding rows, oldest first, left-padded with {@link Batch#PADDING}).
 * Weight 0 means the example carries no label for that task (the loss ignores it); weights other
 * than 1 are the delayed-feedback corrections.
 */
public record EncodedExample(
        int[] featureRows,
        int scenario,
        float[] labels,
        float[] weights,
        int behaviours,
        int[] sequenceRows) {
    private static final int[] NO_SEQUENCES = new int[0];

    public EncodedExample {
        if (labels.length != weights.length) {
            throw new IllegalArgumentException(
                    "labels and weights must have one entry per task, got "
                            + labels.length
                            + " and "
                            + weights.length);
        }
        if (behaviours < 0
                || (behaviours == 0
                        ? sequenceRows.length != 0
                        : sequenceRows.length % behaviours != 0)) {
            throw new IllegalArgumentException(
                    "sequence rows must split evenly into "
                            + behaviours
                            + " behaviours, got "
                            + sequenceRows.length);
        }
    }

    /** An example without behaviour sequences. */
    public EncodedExample(int[] featureRows, int scenario, float[] labels, float[] weights) {
        this(featureRows, scenario, labels, weights, 0, NO_SEQUENCES);
    }
}
