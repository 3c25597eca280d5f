package dev.flowrec.models;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of examples with a learnable pattern, for a small model: fields user,
 * item, scenario, category (32 buckets each). Click has probability 0.85 for items 1..11 and 0.10
 * otherwise; conversion is labelled only on clicks (weight 0 elsewhere) and has probability 0.70
 * for users 1..9 and 0.10 otherwise.
 */
public final class SyntheticStream {
    public static final int BUCKETS = 32;
    public static final List<String> SCENARIOS = List.of("feed", "search");
    public static final List<String> TASKS = List.of("click", "conversion");

    private final Random random;

    public SyntheticStream(long seed) {
        this.random = new Random(seed);
    }

    /** Small sizes so a test step takes about a millisecond. */
    public static ModelSettings smallSettings(long seed) {
        return settings(8, List.of(32, 16), List.of(8), 0.01, 0.0, seed);
    }

    public static ModelSettings settings(
            int embeddingDim,
            List<Integer> hidden,
            List<Integer> tower,
            double learningRate,
            double l2,
            long seed) {
        return ModelSettings.builder()
                .type(ModelType.SHARED_BOTTOM)
                .space(new ScenarioTaskSpace(SCENARIOS, TASKS))
                .features(FeatureSpec.of(SCENARIOS, List.of("category"), List.of(), BUCKETS))
                .embeddingDim(embeddingDim)
                .hiddenSizes(hidden)
                .towerSizes(tower)
                .learningRate(learningRate)
                .l2(l2)
                .seed(seed)
                .build();
    }

    public EncodedExample next() {
        int user = 1 + random.nextInt(BUCKETS - 1);
        int item = 1 + random.nextInt(BUCKETS - 1);
        int scenario = random.nextInt(SCENARIOS.size());
        int category = 1 + random.nextInt(BUCKETS - 1);
        boolean click = random.nextDouble() < (item < 12 ? 0.85 : 0.10);
        boolean conversion = click && random.nextDouble() < (user < 10 ? 0.70 : 0.10);
        int[] rows = {user, BUCKETS + item, 2 * BUCKETS + 1 + scenario, 3 * BUCKETS + category};
        return new EncodedExample(
                rows,
                scenario,
                new float[] {click ? 1 : 0, conversion ? 1 : 0},
                new float[] {1, click ? 1 : 0});
    }

    public List<EncodedExample> next(int n) {
        List<EncodedExample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    public Batch batch(int n) {
        return Batch.of(next(n));
    }
}
