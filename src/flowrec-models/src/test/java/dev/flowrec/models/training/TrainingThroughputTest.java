package dev.flowrec.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, and only logs, training speed at the default sizes (embedding 16, hidden 256/128,
 * tower 64, 5 fields of 16384 buckets, 2 tasks) and batch 256, and the artifact sizes. No timing is
 * asserted: the figure depends on the host and its load. Kept short (about 3 s) so the module's
 * tests stay fast.
 */
class TrainingThroughputTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingThroughputTest.class);
    private static final int BATCH = 256;
    private static final int BUCKETS = 1 << 14;

    @Test
    void measuresExamplesPerSecondAtDefaultSizes() {
        List<String> scenarios = List.of("feed", "search", "detail");
        ModelSettings settings = new ModelSettings(ModelType.SHARED_BOTTOM,
                new ScenarioTaskSpace(scenarios, List.of("click", "conversion")),
                FeatureSpec.of(scenarios, List.of("category", "device"), List.of(), BUCKETS),
                16, List.of(256, 128), List.of(64), 1e-3, 0.0, 2022L);
        MultiTaskModel model = MultiTaskModels.create(settings);
        OnlineTrainer trainer = new OnlineTrainer(model, BATCH, PredictionListener.NONE);
        Random random = new Random(1);
        int fields = settings.features().fieldCount();

        feed(trainer, random, fields, 5 * BATCH); // warm-up: JIT, workspaces
        long examplesBefore = trainer.examplesTrained();
        long trainNanosBefore = trainer.trainTime().toNanos();
        long start = System.nanoTime();
        feed(trainer, random, fields, 40 * BATCH);
        double seconds = (System.nanoTime() - start) / 1e9;
        double stepMillis = (trainer.trainTime().toNanos() - trainNanosBefore) / 1e6 / 40;

        Batch batch = Batch.of(examples(random, fields, BATCH));
        long predictStart = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            model.predict(batch);
        }
        double predictMillis = (System.nanoTime() - predictStart) / 1e6 / 20;
        long fitStart = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            model.fit(batch);
        }
        double fitMillis = (System.nanoTime() - fitStart) / 1e6 / 20;

        LOG.info("Shared-Bottom at default sizes ({} parameters), batch {}: {} examples/s prequential "
                        + "(score + train, {} ms/step); predict {} ms, fit {} ms per batch; OMP_NUM_THREADS={}",
                model.parameterCount(), BATCH, Math.round((trainer.examplesTrained() - examplesBefore) / seconds),
                String.format("%.1f", stepMillis), String.format("%.1f", predictMillis),
                String.format("%.1f", fitMillis), System.getenv("OMP_NUM_THREADS"));
        long writeStart = System.nanoTime();
        byte[] serving = model.toBytes(false);
        byte[] checkpoint = trainer.checkpoint();
        double writeMillis = (System.nanoTime() - writeStart) / 1e6;
        long readStart = System.nanoTime();
        MultiTaskModels.fromBytes(serving);
        double readMillis = (System.nanoTime() - readStart) / 1e6;
        LOG.info("Serving artifact {} bytes, trainer checkpoint {} bytes (written together in {} ms); "
                + "serving artifact decoded in {} ms", serving.length, checkpoint.length,
                Math.round(writeMillis), Math.round(readMillis));
        assertThat(trainer.lastLoss()).isFinite();
    }

    private static void feed(OnlineTrainer trainer, Random random, int fields, int n) {
        examples(random, fields, n).forEach(trainer::add);
    }

    private static List<EncodedExample> examples(Random random, int fields, int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            int[] rows = new int[fields];
            for (int f = 0; f < fields; f++) {
                rows[f] = f * BUCKETS + random.nextInt(BUCKETS);
            }
            float click = random.nextFloat() < 0.1f ? 1 : 0;
            return new EncodedExample(rows, 0, new float[] {click, 0}, new float[] {1, click});
        }).toList();
    }
}
