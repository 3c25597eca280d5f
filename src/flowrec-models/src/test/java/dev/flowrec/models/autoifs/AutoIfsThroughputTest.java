package dev.flowrec.models.autoifs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.models.ComputeBackend;
import dev.flowrec.models.ModelSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, and only logs, AutoIFS training speed at the ML-1M reference sizes (8 fields, 13,244
 * rows, E = 16, bottom 1024-512, scenario layer 256, rank 2, 3 scenarios, 2 tasks) at batch 4096
 * and 256, in the search and in the retrain phase. One step = score the batch, then train on it,
 * as {@code OnlineTrainer} does. Takes minutes, so it runs only with {@code
 * -Dflowrec.throughput=true}.
 */
class AutoIfsThroughputTest {
    private static final Logger LOG = LoggerFactory.getLogger(AutoIfsThroughputTest.class);

    @Test
    void measuresExamplesPerSecondAtMovieLensSizes() {
        assumeTrue(Boolean.getBoolean("flowrec.throughput"), "set -Dflowrec.throughput=true to measure");
        measure(4096, 3, 6);
        measure(256, 5, 40);
    }

    private static void measure(int batchSize, int warmUp, int steps) {
        // The search window ends after warm-up plus measured steps, so the second round is retrain.
        ModelSettings settings = AutoIfsTestSettings.movieLens((long) (warmUp + steps) * batchSize);
        Random random = new Random(1);
        // A throwaway model first: JIT and native allocations at this batch size would otherwise
        // be charged to whichever phase runs first.
        AutoIfsModel throwaway = AutoIfsModel.create(settings);
        for (int i = 0; i < warmUp; i++) {
            Batch batch = batch(random, batchSize, settings);
            throwaway.predict(batch);
            throwaway.fit(batch);
        }
        AutoIfsModel model = AutoIfsModel.create(settings);
        for (AutoIfsPhase phase : AutoIfsPhase.values()) {
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
            LOG.info("AutoIFS {} phase, batch {}: {} examples/s prequential (predict {} ms + fit {} ms per step, "
                            + "{} steps); {} parameters; {}; heap {} MB", phase, batchSize,
                    Math.round((double) steps * batchSize / seconds), Math.round(predictNanos / 1e6 / steps),
                    Math.round(fitNanos / 1e6 / steps), steps, model.parameterCounts().all(), ComputeBackend.describe(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
        long start = System.nanoTime();
        byte[] checkpoint = model.toBytes(true);
        byte[] serving = model.toBytes(false);
        LOG.info("AutoIFS artifacts: checkpoint {} bytes, serving {} bytes, written in {} ms", checkpoint.length,
                serving.length, Math.round((System.nanoTime() - start) / 1e6));
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
