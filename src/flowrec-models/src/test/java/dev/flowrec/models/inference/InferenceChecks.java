package dev.flowrec.models.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.SyntheticStream;

/** What every serving forward pass must do: answer what its model's DL4J graph answers. */
public final class InferenceChecks {
    private InferenceChecks() {}

    /**
     * One example, a few, just past the matrix-vector cut-over and a batch: every probability
     * within 2e-6 of the model's own.
     */
    public static void assertScoresLikeTheModel(MultiTaskModel model, Inference inference) {
        SyntheticStream stream = new SyntheticStream(50);
        for (int size : new int[] {1, 3, DenseProduct.ROWS_PER_GEMV + 1, 64}) {
            Batch batch = stream.batch(size);
            float[][] expected = model.predict(batch);
            float[][] actual = inference.predict(batch);
            assertThat(actual.length).isEqualTo(size);
            for (int i = 0; i < size; i++) {
                for (int t = 0; t < expected[i].length; t++) {
                    assertThat(actual[i][t])
                            .as("example %d of %d, task %d", i, size, t)
                            .isCloseTo(expected[i][t], within(2e-6f));
                }
            }
        }
    }
}
