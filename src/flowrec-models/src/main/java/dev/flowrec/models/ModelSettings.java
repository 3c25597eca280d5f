package dev.flowrec.models;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import dev.flowrec.models.m3oe.M3oeSettings;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build a model: architecture, scenario/task space, features, sizes, optimiser,
 * seed, and the settings of the architectures that have their own ({@link AutoIfsSettings}). Every
 * value is written into each {@link ModelArtifact} header, so a model file says how it was built and
 * can be rebuilt from its own bytes.
 *
 * <p>{@code embeddingRows} is normally 0, meaning the table has {@link FeatureSpec#vocabularySize()}
 * rows (fields × hash buckets). A positive value sizes the table explicitly, for data sets encoded
 * with exact per-field vocabularies instead of hashing (the ML-1M reference has 13,244 rows for 8
 * fields); {@link #vocabularySize()} is what every model and the trainer use.
 *
 * @param embeddingRows rows of the global embedding table, or 0 for the feature spec's size
 * @param autoIfs AutoIFS settings; carried (and ignored) by the other model types so that one
 *     configuration describes every model
 * @param m3oe M3oE settings, likewise; the artifact header does not hold them (M3oE keeps them in
 *     its model state), so other types decode with the defaults
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
        long seed,
        int embeddingRows,
        AutoIfsSettings autoIfs,
        M3oeSettings m3oe) {

    public ModelSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(autoIfs, "autoIfs");
        Objects.requireNonNull(m3oe, "m3oe");
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
        if (embeddingRows < 0) {
            throw new IllegalArgumentException("embeddingRows must be 0 (feature spec size) or positive, got "
                    + embeddingRows);
        }
    }

    /** Settings with the default M3oE settings (the fields the artifact header holds). */
    public ModelSettings(ModelType type, ScenarioTaskSpace space, FeatureSpec features, int embeddingDim,
            List<Integer> hiddenSizes, List<Integer> towerSizes, double learningRate, double l2, long seed,
            int embeddingRows, AutoIfsSettings autoIfs) {
        this(type, space, features, embeddingDim, hiddenSizes, towerSizes, learningRate, l2, seed, embeddingRows,
                autoIfs, M3oeSettings.defaults());
    }

    /** Settings sized by the feature spec, with the default AutoIFS settings (the first format's fields). */
    public ModelSettings(ModelType type, ScenarioTaskSpace space, FeatureSpec features, int embeddingDim,
            List<Integer> hiddenSizes, List<Integer> towerSizes, double learningRate, double l2, long seed) {
        this(type, space, features, embeddingDim, hiddenSizes, towerSizes, learningRate, l2, seed, 0,
                AutoIfsSettings.defaults());
    }

    public static ModelSettings from(FlowRecConfig config) {
        List<String> scenarios = config.get(LabelOptions.SCENARIOS);
        FeatureSpec features = FeatureSpec.of(scenarios, config.get(ModelOptions.CATEGORICAL_FEATURES),
                config.get(ModelOptions.NUMERIC_FEATURES), config.get(ModelOptions.HASH_BUCKETS))
                .withSequences(config.get(ModelOptions.SEQUENCE_FEATURES), config.get(ModelOptions.SEQUENCE_LENGTH));
        return new ModelSettings(
                config.get(ModelOptions.TYPE),
                new ScenarioTaskSpace(scenarios, config.get(LabelOptions.TASKS)),
                features,
                config.get(ModelOptions.EMBEDDING_DIM),
                config.get(ModelOptions.HIDDEN_SIZES),
                config.get(ModelOptions.TOWER_SIZES),
                config.get(ModelOptions.LEARNING_RATE),
                config.get(ModelOptions.L2),
                config.get(ModelOptions.SEED),
                0,
                AutoIfsSettings.from(config),
                M3oeSettings.from(config));
    }

    /** Rows of the global embedding table: {@code embeddingRows} if set, else the feature spec's size. */
    public int vocabularySize() {
        return embeddingRows > 0 ? embeddingRows : features.vocabularySize();
    }

    public ModelSettings withType(ModelType newType) {
        return new ModelSettings(newType, space, features, embeddingDim, hiddenSizes, towerSizes, learningRate, l2,
                seed, embeddingRows, autoIfs, m3oe);
    }

    public ModelSettings withEmbeddingRows(int rows) {
        return new ModelSettings(type, space, features, embeddingDim, hiddenSizes, towerSizes, learningRate, l2,
                seed, rows, autoIfs, m3oe);
    }

    public ModelSettings withAutoIfs(AutoIfsSettings settings) {
        return new ModelSettings(type, space, features, embeddingDim, hiddenSizes, towerSizes, learningRate, l2,
                seed, embeddingRows, settings, m3oe);
    }

    public ModelSettings withM3oe(M3oeSettings settings) {
        return new ModelSettings(type, space, features, embeddingDim, hiddenSizes, towerSizes, learningRate, l2,
                seed, embeddingRows, autoIfs, settings);
    }

    public ModelSettings withFeatures(FeatureSpec newFeatures) {
        return new ModelSettings(type, space, newFeatures, embeddingDim, hiddenSizes, towerSizes, learningRate, l2,
                seed, embeddingRows, autoIfs, m3oe);
    }
}
