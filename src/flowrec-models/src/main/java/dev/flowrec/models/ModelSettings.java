package dev.flowrec.models;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build a model: architecture, scenario/task space, features, sizes, optimiser,
 * seed. Every value is written into each {@link ModelArtifact} header, so a model file says how it
 * was built and can be rebuilt from its own bytes.
 */
public record ModelSettings(
        ModelType type,
        ScenarioTaskSpace space,
        FeatureSpec features,
        int embeddingDim,
        List<Integer> hiddenSizes,
        List<Integer> towerSizes,
        double learningRate,
        double l2,
        long seed) {

    public ModelSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(features, "features");
        hiddenSizes = List.copyOf(hiddenSizes);
        towerSizes = List.copyOf(towerSizes);
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embeddingDim must be at least 1, got " + embeddingDim);
        }
        if (hiddenSizes.stream().anyMatch(h -> h < 1) || towerSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("layer widths must be at least 1, got hiddenSizes="
                    + hiddenSizes + " towerSizes=" + towerSizes);
        }
        if (!(learningRate > 0.0) || !(l2 >= 0.0) || Double.isInfinite(learningRate) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("learningRate must be > 0 and l2 >= 0 (both finite), got learningRate="
                    + learningRate + " l2=" + l2);
        }
    }

    public static ModelSettings from(FlowRecConfig config) {
        List<String> scenarios = config.get(LabelOptions.SCENARIOS);
        FeatureSpec features = FeatureSpec.of(scenarios, config.get(ModelOptions.CATEGORICAL_FEATURES),
                config.get(ModelOptions.NUMERIC_FEATURES), config.get(ModelOptions.HASH_BUCKETS));
        return new ModelSettings(
                config.get(ModelOptions.TYPE),
                new ScenarioTaskSpace(scenarios, config.get(LabelOptions.TASKS)),
                features,
                config.get(ModelOptions.EMBEDDING_DIM),
                config.get(ModelOptions.HIDDEN_SIZES),
                config.get(ModelOptions.TOWER_SIZES),
                config.get(ModelOptions.LEARNING_RATE),
                config.get(ModelOptions.L2),
                config.get(ModelOptions.SEED));
    }
}
