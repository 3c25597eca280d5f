package dev.flowrec.core.batch;

/**
 * One training example as model input: global embedding rows per field, scenario index, and per
 * task a label and a loss weight. Weight 0 means the example carries no label for that task
 * (the loss ignores it); weights other than 1 are the delayed-feedback corrections.
 */
public record EncodedExample(int[] featureRows, int scenario, float[] labels, float[] weights) {
    public EncodedExample {
        if (labels.length != weights.length) {
            throw new IllegalArgumentException(
                    "labels and weights must have one entry per task, got " + labels.length + " and " + weights.length);
        }
    }
}
