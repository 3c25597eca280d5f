package dev.flowrec.models;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import java.util.List;

/** Everything needed to build a model: architecture, scenario/task space, features, sizes, optimiser, seed. */
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
        hiddenSizes = List.copyOf(hiddenSizes);
        towerSizes = List.copyOf(towerSizes);
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
