package dev.flowrec.models.mmoe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.ComputeBackend;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, and only logs, MMoE and PLE training speed at the ML-1M reference sizes (models.md §5:
 * 8 fields, 13,244 rows, E = 16, experts 256-128, towers 64, 3 scenarios, 2 tasks) at batch 4096.
 * Shared-Bottom with the same sizes runs first as the reference. One step = score the batch, then train on it, as {@code OnlineTrainer} does. Runs only with
 * {@code -Dflowrec.throughput=true}.
 */
class MixtureThroughputTest {
    private static final Logger LOG = LoggerFactory.getLogger(MixtureThroughputTest.class);

    @Test
    void measuresExamplesPerSecondAtMovieLensSizes() {
        assumeTrue(Boolean.getBoolean("flowrec.throughput"), "set -Dflowrec.throughput=true to measure");
        int batchSize = Integer.getInteger("flowrec.throughput.batch", 4096);
        for (ModelType type : new ModelType[] {ModelType.SHARED_BOTTOM, ModelType.MMOE, ModelType.PLE}) {
            measure(movieLens(type), batchSize, 3, 8);
        }
    }

    static ModelSettings movieLens(ModelType type) {
        List<String> scenarios = List.of("young", "adult", "senior");
        FeatureSpec features = FeatureSpec.of(scenarios,
                List.of("gender", "age", "occupation", "zip", "first_genre"), List.of(), 4096);
        return new ModelSettings(type, new ScenarioTaskSpace(scenarios, List.of("click", "like")), features, 16,
                List.of(256, 128), List.of(64), 3e-4, 3e-5, 2022L).withEmbeddingRows(13_244);
    }

    private static void measure(ModelSettings settings, int batchSize, int warmUp, int steps) {
        Random random = new Random(1);
        MultiTaskModel model = MultiTaskModels.create(settings);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < warmUp + steps; i++) {
            batches.add(batch(random, batchSize, settings));
        }
        for (int i = 0; i < warmUp; i++) {
            model.predict(batches.get(i));
            model.fit(batches.get(i));
        }
        long predictNanos = 0;
        long fitNanos = 0;
        for (int i = warmUp; i < warmUp + steps; i++) {
            long start = System.nanoTime();
            model.predict(batches.get(i));
            long mid = System.nanoTime();
            model.fit(batches.get(i));
            long end = System.nanoTime();
            predictNanos += mid - start;
            fitNanos += end - mid;
        }
        double seconds = (predictNanos + fitNanos) / 1e9;
        long dense = model.parameterCount() - (long) settings.vocabularySize() * settings.embeddingDim();
        LOG.info("{} batch {}: {} examples/s prequential (predict {} ms + fit {} ms per step, {} steps); "
                        + "{} parameters ({} dense); {}; OMP_NUM_THREADS={}", settings.type().value(), batchSize,
                Math.round((double) steps * batchSize / seconds), Math.round(predictNanos / 1e6 / steps),
                Math.round(fitNanos / 1e6 / steps), steps, model.parameterCount(), dense, ComputeBackend.describe(),
                System.getenv("OMP_NUM_THREADS"));
    }

    private static Batch batch(Random random, int n, ModelSettings settings) {
        int fields = settings.features().fieldCount();
        int rows = settings.vocabularySize();
        int scenarios = settings.space().scenarios().size();
        List<EncodedExample> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] features = new int[fields];
            for (int f = 0; f < fields; f++) {
                features[f] = random.nextInt(rows);
            }
            float click = random.nextFloat() < 0.575f ? 1 : 0;
            float like = click == 1 && random.nextFloat() < 0.4f ? 1 : 0;
            examples.add(new EncodedExample(features, random.nextInt(scenarios), new float[] {click, like},
                    new float[] {1, 1}));
        }
        return Batch.of(examples);
    }
}
