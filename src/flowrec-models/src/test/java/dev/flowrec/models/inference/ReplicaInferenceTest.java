package dev.flowrec.models.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The DL4J copies behind every model's default inference. */
class ReplicaInferenceTest {

    @Test
    void scoresLikeTheModelFromManyThreadsAtOnce() throws Exception {
        MultiTaskModel model = MultiTaskModels.create(SyntheticStream.smallSettings(3L));
        SyntheticStream stream = new SyntheticStream(3);
        model.fit(stream.batch(64));
        Inference inference = new ReplicaInference(model, 3);
        List<Batch> batches = new ArrayList<>();
        List<float[][]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Batch b = stream.batch(1 + 7 * i);
            batches.add(b);
            expected.add(model.predict(b));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[][]>> answers = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (Batch b : batches) {
                    answers.add(pool.submit(() -> inference.predict(b)));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isDeepEqualTo(expected.get(i % batches.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsTheParametersItWasMadeWith() {
        MultiTaskModel model = MultiTaskModels.create(SyntheticStream.smallSettings(4L));
        Inference inference = new ReplicaInference(model, 2);
        Batch batch = new SyntheticStream(40).batch(4);
        float[][] before = inference.predict(batch);

        model.fit(new SyntheticStream(41).batch(64));

        assertThat(inference.predict(batch)).isDeepEqualTo(before);
        assertThat(model.predict(batch)[0][0]).isNotEqualTo(before[0][0]);
        assertThat(inference.engine()).startsWith("dl4j");
    }

    @Test
    void needsAtLeastOneCopy() {
        MultiTaskModel model = MultiTaskModels.create(SyntheticStream.smallSettings(5L));

        assertThatThrownBy(() -> new ReplicaInference(model, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCopies must be at least 1, got 0");
    }
}
