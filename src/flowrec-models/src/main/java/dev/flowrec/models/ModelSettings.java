package dev.flowrec.models;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build a model: what every model type has (architecture, scenario/task space,
 * features, sizes, optimiser, seed), written into each {@link ModelArtifact} header, plus the
 * model's own settings ({@link #architecture()}), which live in the model's package and travel in
 * its state block.
 *
 * <pre>{@code
 * ModelSettings settings = ModelSettings.builder()
 *         .type(ModelType.SHARED_BOTTOM).space(space).features(features)
 *         .embeddingDim(16).hiddenSizes(List.of(256, 128)).towerSizes(List.of(64))
 *         .learningRate(1e-3).l2(0.0).seed(7L)
 *         .build();
 * }</pre>
 *
 * <p>{@code embeddingRows} is normally 0, meaning the table has {@link
 * FeatureSpec#vocabularySize()} rows (fields × hash buckets). A positive value sizes the table
 * explicitly, for data sets encoded with exact per-field vocabularies instead of hashing (the ML-1M
 * reference has 13,244 rows for 8 fields); {@link #vocabularySize()} is what every model and the
 * trainer use.
 */
public final class ModelSettings {
    private static final FlowRecConfig DEFAULTS = FlowRecConfig.defaults();

    private final ModelType type;
    private final ScenarioTaskSpace space;
    private final FeatureSpec features;
    private final int embeddingDim;
    private final List<Integer> hiddenSizes;
    private final List<Integer> towerSizes;
    private final double learningRate;
    private final double l2;
    private final long seed;
    private final int embeddingRows;
    private final ArchitectureSettings architecture;

    private ModelSettings(Builder b) {
        this.type = b.type;
        this.space = b.space;
        this.features = b.features;
        this.embeddingDim = b.embeddingDim;
        this.hiddenSizes = List.copyOf(b.hiddenSizes);
        this.towerSizes = List.copyOf(b.towerSizes);
        this.learningRate = b.learningRate;
        this.l2 = b.l2;
        this.seed = b.seed;
        this.embeddingRows = b.embeddingRows;
        this.architecture =
                b.architecture != null ? b.architecture : Architectures.of(type).defaults();
        if (embeddingDim < 1) {
            throw new IllegalArgumentException(
                    "embeddingDim must be at least 1, got " + embeddingDim);
        }
        if (hiddenSizes.stream().anyMatch(h -> h < 1) || towerSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException(
                    "layer widths must be at least 1, got hiddenSizes="
                            + hiddenSizes
                            + " towerSizes="
                            + towerSizes);
        }
        if (!(learningRate > 0.0)
                || !(l2 >= 0.0)
                || Double.isInfinite(learningRate)
                || Double.isInfinite(l2)) {
            throw new IllegalArgumentException(
                    "learningRate must be > 0 and l2 >= 0 (both finite), got learningRate="
                            + learningRate
                            + " l2="
                            + l2);
        }
        if (embeddingRows < 0) {
            throw new IllegalArgumentException(
                    "embeddingRows must be 0 (feature spec size) or positive, got "
                            + embeddingRows);
        }
        Architectures.of(type).checkSettingsType(architecture);
    }

    /**
     * Settings with the option defaults for everything but type, space and features, which are
     * required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.space = space;
        b.features = features;
        b.embeddingDim = embeddingDim;
        b.hiddenSizes = hiddenSizes;
        b.towerSizes = towerSizes;
        b.learningRate = learningRate;
        b.l2 = l2;
        b.seed = seed;
        b.embeddingRows = embeddingRows;
        b.architecture = architecture;
        return b;
    }

    /**
     * The complete, validated settings the {@code model.*} and {@code labels.*} options describe:
     * the shared ones, the model type's own ({@link Architecture#settingsFrom}), then the model
     * type's checks of the whole. A job calls this before it submits, so a bad setting fails at
     * start.
     *
     * @throws ConfigException naming the key of the setting that is wrong
     */
    public static ModelSettings from(FlowRecConfig config) {
        List<String> scenarios = config.get(LabelOptions.SCENARIOS);
        FeatureSpec features =
                FeatureSpec.of(
                                scenarios,
                                config.get(ModelOptions.CATEGORICAL_FEATURES),
                                config.get(ModelOptions.NUMERIC_FEATURES),
                                config.get(ModelOptions.HASH_BUCKETS))
                        .withSequences(
                                config.get(ModelOptions.SEQUENCE_FEATURES),
                                config.get(ModelOptions.SEQUENCE_LENGTH));
        ModelType type = config.get(ModelOptions.TYPE);
        Architecture architecture = Architectures.of(type);
        checkWidths(ModelOptions.HIDDEN_SIZES.key(), config.get(ModelOptions.HIDDEN_SIZES));
        checkWidths(ModelOptions.TOWER_SIZES.key(), config.get(ModelOptions.TOWER_SIZES));
        ModelSettings settings =
                builder()
                        .type(type)
                        .space(new ScenarioTaskSpace(scenarios, config.get(LabelOptions.TASKS)))
                        .features(features)
                        .embeddingDim(config.get(ModelOptions.EMBEDDING_DIM))
                        .hiddenSizes(config.get(ModelOptions.HIDDEN_SIZES))
                        .towerSizes(config.get(ModelOptions.TOWER_SIZES))
                        .learningRate(config.get(ModelOptions.LEARNING_RATE))
                        .l2(config.get(ModelOptions.L2))
                        .seed(config.get(ModelOptions.SEED))
                        .architecture(architecture.settingsFrom(config))
                        .build();
        architecture.validate(settings);
        return settings;
    }

    private static void checkWidths(String key, List<Integer> widths) {
        if (widths.stream().anyMatch(w -> w < 1)) {
            throw new ConfigException(
                    "Invalid value '"
                            + widths
                            + "' for configuration key '"
                            + key
                            + "': every layer width must be at least 1");
        }
    }

    public ModelType type() {
        return type;
    }

    public ScenarioTaskSpace space() {
        return space;
    }

    public FeatureSpec features() {
        return features;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public List<Integer> hiddenSizes() {
        return hiddenSizes;
    }

    public List<Integer> towerSizes() {
        return towerSizes;
    }

    public double learningRate() {
        return learningRate;
    }

    public double l2() {
        return l2;
    }

    public long seed() {
        return seed;
    }

    /**
     * The explicit embedding table size, or 0 for the feature spec's; see {@link
     * #vocabularySize()}.
     */
    public int embeddingRows() {
        return embeddingRows;
    }

    /**
     * Rows of the global embedding table: {@code embeddingRows} if set, else the feature spec's
     * size.
     */
    public int vocabularySize() {
        return embeddingRows > 0 ? embeddingRows : features.vocabularySize();
    }

    /** The model type's own settings; {@link ArchitectureSettings#NONE} for types without. */
    public ArchitectureSettings architecture() {
        return architecture;
    }

    /**
     * The model type's own settings as their class.
     *
     * @throws IllegalStateException when they are of another class (settings of another model type)
     */
    public <T extends ArchitectureSettings> T architecture(Class<T> settingsType) {
        if (!settingsType.isInstance(architecture)) {
            throw new IllegalStateException(
                    type.value()
                            + " settings hold "
                            + architecture
                            + ", not "
                            + settingsType.getSimpleName());
        }
        return settingsType.cast(architecture);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSettings s
                && type == s.type
                && space.equals(s.space)
                && features.equals(s.features)
                && embeddingDim == s.embeddingDim
                && hiddenSizes.equals(s.hiddenSizes)
                && towerSizes.equals(s.towerSizes)
                && Double.compare(learningRate, s.learningRate) == 0
                && Double.compare(l2, s.l2) == 0
                && seed == s.seed
                && embeddingRows == s.embeddingRows
                && architecture.equals(s.architecture);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                type,
                space,
                features,
                embeddingDim,
                hiddenSizes,
                towerSizes,
                learningRate,
                l2,
                seed,
                embeddingRows,
                architecture);
    }

    @Override
    public String toString() {
        return "ModelSettings[type="
                + type.value()
                + ", space="
                + space
                + ", features="
                + features.canonical()
                + ", embeddingDim="
                + embeddingDim
                + ", hiddenSizes="
                + hiddenSizes
                + ", towerSizes="
                + towerSizes
                + ", learningRate="
                + learningRate
                + ", l2="
                + l2
                + ", seed="
                + seed
                + ", embeddingRows="
                + embeddingRows
                + ", architecture="
                + architecture
                + "]";
    }

    /** Builds {@link ModelSettings}; {@link #build()} names every missing required setting. */
    public static final class Builder {
        private ModelType type;
        private ScenarioTaskSpace space;
        private FeatureSpec features;
        private int embeddingDim = DEFAULTS.get(ModelOptions.EMBEDDING_DIM);
        private List<Integer> hiddenSizes = DEFAULTS.get(ModelOptions.HIDDEN_SIZES);
        private List<Integer> towerSizes = DEFAULTS.get(ModelOptions.TOWER_SIZES);
        private double learningRate = DEFAULTS.get(ModelOptions.LEARNING_RATE);
        private double l2 = DEFAULTS.get(ModelOptions.L2);
        private long seed = DEFAULTS.get(ModelOptions.SEED);
        private int embeddingRows;
        private ArchitectureSettings architecture;

        private Builder() {}

        /**
         * The model type. Changing it drops own settings of another type, so that the new type's
         * defaults apply unless {@link #architecture} sets others.
         */
        public Builder type(ModelType value) {
            if (value != type
                    && architecture != null
                    && value != null
                    && !Architectures.of(value).acceptsSettings(architecture)) {
                architecture = null;
            }
            this.type = value;
            return this;
        }

        public Builder space(ScenarioTaskSpace value) {
            this.space = value;
            return this;
        }

        public Builder features(FeatureSpec value) {
            this.features = value;
            return this;
        }

        public Builder embeddingDim(int value) {
            this.embeddingDim = value;
            return this;
        }

        public Builder hiddenSizes(List<Integer> value) {
            this.hiddenSizes = Objects.requireNonNull(value, "hiddenSizes");
            return this;
        }

        public Builder towerSizes(List<Integer> value) {
            this.towerSizes = Objects.requireNonNull(value, "towerSizes");
            return this;
        }

        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        public Builder l2(double value) {
            this.l2 = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Rows of the embedding table; 0 (the default) for the feature spec's size. */
        public Builder embeddingRows(int value) {
            this.embeddingRows = value;
            return this;
        }

        /** The model type's own settings; its defaults when not set. */
        public Builder architecture(ArchitectureSettings value) {
            this.architecture = Objects.requireNonNull(value, "architecture");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every missing required setting, or the first
         *     invalid one
         */
        public ModelSettings build() {
            List<String> missing = new ArrayList<>();
            if (type == null) {
                missing.add("type");
            }
            if (space == null) {
                missing.add("space");
            }
            if (features == null) {
                missing.add("features");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "model settings need " + String.join(", ", missing));
            }
            return new ModelSettings(this);
        }
    }
}
