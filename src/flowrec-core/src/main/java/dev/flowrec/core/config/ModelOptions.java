package dev.flowrec.core.config;

import java.util.List;

/** {@code model.*}: which model, its sizes and its optimiser. Every value travels in snapshot provenance. */
public final class ModelOptions {
    public static final ConfigOption<String> ID = ConfigOptions.key("model.id")
            .stringType().defaultValue("flowrec").checking(Constraint.notBlank())
            .withDescription("Model id: the key of snapshot records; serving fleets subscribe to one id.");

    public static final ConfigOption<ModelType> TYPE = ConfigOptions.key("model.type")
            .enumType(ModelType.class).defaultValue(ModelType.SHARED_BOTTOM)
            .withDescription("The multi-task model to train.");

    public static final ConfigOption<Integer> EMBEDDING_DIM = ConfigOptions.key("model.embedding-dim")
            .intType().defaultValue(16).checking(Constraint.between(1, 1024))
            .withDescription("Embedding size of every feature field.");

    public static final ConfigOption<List<Integer>> HIDDEN_SIZES = ConfigOptions.key("model.hidden-sizes")
            .intListType().defaultValue(List.of(256, 128)).checking(Constraint.notEmpty())
            .withDescription("Widths of the shared bottom MLP.");

    public static final ConfigOption<List<Integer>> TOWER_SIZES = ConfigOptions.key("model.tower-sizes")
            .intListType().defaultValue(List.of(64))
            .withDescription("Widths of each task tower's hidden layers (empty: linear heads).");

    public static final ConfigOption<Double> LEARNING_RATE = ConfigOptions.key("model.learning-rate")
            .doubleType().defaultValue(1e-3).checking(Constraint.between(1e-7, 1.0))
            .withDescription("Adam learning rate.");

    public static final ConfigOption<Double> L2 = ConfigOptions.key("model.l2")
            .doubleType().defaultValue(0.0).checking(Constraint.between(0.0, 1.0))
            .withDescription("L2 weight decay.");

    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("model.batch-size")
            .intType().defaultValue(256).checking(Constraint.between(1, 1 << 16))
            .withDescription("Examples per training step; each batch is scored before it is trained on.");

    public static final ConfigOption<Long> SEED = ConfigOptions.key("model.seed")
            .longType().defaultValue(2022L)
            .withDescription("Seed of parameter initialisation; recorded in provenance.");

    public static final ConfigOption<Integer> HASH_BUCKETS = ConfigOptions.key("model.hash-buckets")
            .intType().defaultValue(1 << 14).checking(Constraint.between(2, 1 << 24))
            .withDescription("Hash buckets (embedding rows) per feature field.");

    public static final ConfigOption<List<String>> CATEGORICAL_FEATURES = ConfigOptions.key("model.categorical-features")
            .stringListType().defaultValue(List.of())
            .withDescription("Categorical features (keys of Impression.categorical) used besides user, item and scenario.");

    public static final ConfigOption<List<String>> NUMERIC_FEATURES = ConfigOptions.key("model.numeric-features")
            .stringListType().defaultValue(List.of())
            .withDescription("Numeric features (keys of Impression.numeric), log-bucketed and embedded.");

    private ModelOptions() {}
}
