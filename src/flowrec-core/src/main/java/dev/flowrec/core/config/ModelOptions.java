package dev.flowrec.core.config;

import java.util.List;

/**
 * {@code model.*}: which model, its sizes and its optimiser. Every value travels in snapshot
 * provenance.
 */
public final class ModelOptions {
    public static final ConfigOption<String> ID =
            ConfigOptions.key("model.id")
                    .stringType()
                    .noDefaultValue()
                    .checking(Constraint.plainName())
                    .withDescription(
                            "Model id: the key of snapshot records; serving fleets subscribe to one"
                                    + " id. Default: pipeline.job-name.");

    public static final ConfigOption<ModelType> TYPE =
            ConfigOptions.key("model.type")
                    .enumType(ModelType.class)
                    .defaultValue(ModelType.AUTOIFS)
                    .withDescription("The multi-task model to train.");

    public static final ConfigOption<Integer> EMBEDDING_DIM =
            ConfigOptions.key("model.embedding-dim")
                    .intType()
                    .defaultValue(16)
                    .checking(Constraint.between(1, 1024))
                    .withDescription("Embedding size of every feature field.");

    public static final ConfigOption<List<Integer>> HIDDEN_SIZES =
            ConfigOptions.key("model.hidden-sizes")
                    .intListType()
                    .defaultValue(List.of(256, 128))
                    .checking(Constraint.notEmpty())
                    .withDescription(
                            "Widths of the shared MLP: the bottom of shared-bottom, each expert of"
                                    + " mmoe and ple (autoifs sizes its bottom with model.autoifs.*"
                                    + " options).");

    public static final ConfigOption<List<Integer>> TOWER_SIZES =
            ConfigOptions.key("model.tower-sizes")
                    .intListType()
                    .defaultValue(List.of(64))
                    .withDescription(
                            "Widths of each task tower's hidden layers (empty: linear heads).");

    public static final ConfigOption<Double> LEARNING_RATE =
            ConfigOptions.key("model.learning-rate")
                    .doubleType()
                    .defaultValue(1e-3)
                    .checking(Constraint.between(1e-7, 1.0))
                    .withDescription("Adam learning rate.");

    public static final ConfigOption<Double> L2 =
            ConfigOptions.key("model.l2")
                    .doubleType()
                    .defaultValue(0.0)
                    .checking(Constraint.between(0.0, 1.0))
                    .withDescription("L2 weight decay.");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("model.batch-size")
                    .intType()
                    .defaultValue(256)
                    .checking(Constraint.between(1, 1 << 16))
                    .withDescription(
                            "Examples per training step; each batch is scored before it is trained"
                                    + " on.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("model.seed")
                    .longType()
                    .defaultValue(2022L)
                    .withDescription("Seed of parameter initialisation; recorded in provenance.");

    public static final ConfigOption<Integer> HASH_BUCKETS =
            ConfigOptions.key("model.hash-buckets")
                    .intType()
                    .defaultValue(1 << 14)
                    .checking(Constraint.between(2, 1 << 24))
                    .withDescription("Hash buckets (embedding rows) per feature field.");

    public static final ConfigOption<List<String>> CATEGORICAL_FEATURES =
            ConfigOptions.key("model.categorical-features")
                    .stringListType()
                    .defaultValue(List.of())
                    .withDescription(
                            "Categorical features (keys of Impression.categorical) used besides"
                                    + " user, item and scenario.");

    public static final ConfigOption<List<String>> SEQUENCE_FEATURES =
            ConfigOptions.key("model.sequence-features")
                    .stringListType()
                    .defaultValue(List.of())
                    .withDescription(
                            "Behaviour sequences (keys of Impression.sequences, e.g. clicked,liked)"
                                + " fed to the model; their items share the item field's embedding"
                                + " rows. DTRN needs at least one; the other models ignore them, so"
                                + " leave it empty for them.");

    public static final ConfigOption<Integer> SEQUENCE_LENGTH =
            ConfigOptions.key("model.sequence-length")
                    .intType()
                    .defaultValue(20)
                    .checking(Constraint.between(1, 1000))
                    .withDescription(
                            "The most recent items of each behaviour sequence the model reads"
                                    + " (older ones are dropped, shorter sequences padded).");

    public static final ConfigOption<List<String>> NUMERIC_FEATURES =
            ConfigOptions.key("model.numeric-features")
                    .stringListType()
                    .defaultValue(List.of())
                    .withDescription(
                            "Numeric features (keys of Impression.numeric), log-bucketed and"
                                    + " embedded.");

    // AutoIFS (WSDM '26). Defaults are those of the authors' code (github.com/ChaohuaYang/AutoIFS)
    // unless a description says otherwise.

    public static final ConfigOption<Integer> AUTOIFS_LORA_RANK =
            ConfigOptions.key("model.autoifs.lora-rank")
                    .intType()
                    .defaultValue(2)
                    .checking(Constraint.between(1, 64))
                    .withDescription(
                            "AutoIFS: rank r of the LoRA scenario-specific and task-specific"
                                    + " units.");

    public static final ConfigOption<List<Integer>> AUTOIFS_BOTTOM_SIZES =
            ConfigOptions.key("model.autoifs.bottom-sizes")
                    .intListType()
                    .defaultValue(List.of(1024, 512))
                    .checking(Constraint.notEmpty())
                    .withDescription(
                            "AutoIFS: widths of the shared bottom MLP and, with the same shape, of"
                                    + " the gate network's body; used instead of "
                                    + HIDDEN_SIZES.key()
                                    + " and "
                                    + TOWER_SIZES.key()
                                    + ".");

    public static final ConfigOption<Integer> FINAL_LABEL_MAX_PENDING =
            ConfigOptions.key("model.final-label.max-pending")
                    .intType()
                    .defaultValue(1_000_000)
                    .checking(Constraint.atLeast(1))
                    .withDescription(
                            "Most impressions the trainer's final-label view holds while they wait"
                                    + " for their final label (about examples per second x the"
                                    + " longest attribution window; the default is room for 5"
                                    + " minutes at about 3,000 per second). Beyond it the one"
                                    + " waiting longest is dropped from the view and counted in"
                                    + " the final_label_pending_overflow metric.");

    public static final ConfigOption<Integer> AUTOIFS_SCENARIO_SIZE =
            ConfigOptions.key("model.autoifs.scenario-size")
                    .intType()
                    .defaultValue(256)
                    .checking(Constraint.between(1, 65536))
                    .withDescription(
                            "AutoIFS: output width of the scenario layer (shared full-rank unit"
                                    + " plus one LoRA unit per scenario), the input of the task"
                                    + " layer.");

    public static final ConfigOption<Long> AUTOIFS_SEARCH_EXAMPLES =
            ConfigOptions.key("model.autoifs.search-examples")
                    .longType()
                    .defaultValue(1_000_000L)
                    .checking(Constraint.atLeast(1L))
                    .withDescription(
                            "AutoIFS: length of the search window in training examples; the gate"
                                    + " network trains with soft gates over the first this many"
                                    + " examples, then the gates become hard masks. FlowRec default"
                                    + " (the reference searches 10 epochs).");

    public static final ConfigOption<Double> AUTOIFS_FINAL_TEMPERATURE =
            ConfigOptions.key("model.autoifs.final-temperature")
                    .doubleType()
                    .defaultValue(100.0)
                    .checking(Constraint.between(1.0, 1e6))
                    .withDescription(
                            "AutoIFS: temperature tau of the soft gates sigmoid(tau * w) in the"
                                    + " last part of the search.");

    public static final ConfigOption<Integer> AUTOIFS_TEMPERATURE_STEPS =
            ConfigOptions.key("model.autoifs.temperature-steps")
                    .intType()
                    .defaultValue(10)
                    .checking(Constraint.between(2, 1_000_000))
                    .withDescription(
                            "AutoIFS: the search window is cut into this many equal parts (the"
                                    + " reference's search epochs); the gate temperature grows"
                                    + " geometrically from 1 in the first part to "
                                    + AUTOIFS_FINAL_TEMPERATURE.key()
                                    + " in the last.");

    public static final ConfigOption<Double> AUTOIFS_REWIND_FRACTION =
            ConfigOptions.key("model.autoifs.rewind-fraction")
                    .doubleType()
                    .defaultValue(0.9)
                    .checking(Constraint.between(0.0, 1.0))
                    .withDescription(
                            "AutoIFS: after this fraction of the search window the main model"
                                    + " (parameters and optimiser state) is snapshotted; when the"
                                    + " search ends it is rewound to that snapshot.");

    public static final ConfigOption<Double> AUTOIFS_GATE_LEARNING_RATE_FACTOR =
            ConfigOptions.key("model.autoifs.gate-learning-rate-factor")
                    .doubleType()
                    .defaultValue(0.01)
                    .checking(Constraint.between(1e-6, 100.0))
                    .withDescription(
                            "AutoIFS: the gate network's own Adam runs at this factor times "
                                    + LEARNING_RATE.key()
                                    + ", without weight decay.");

    public static final ConfigOption<Double> AUTOIFS_RETRAIN_LEARNING_RATE =
            ConfigOptions.key("model.autoifs.retrain-learning-rate")
                    .doubleType()
                    .defaultValue(1e-4)
                    .checking(Constraint.between(1e-7, 1.0))
                    .withDescription(
                            "AutoIFS: Adam learning rate once the search has ended (the reference"
                                + " retrains at 1e-4 after searching at 3e-4). The retrain starts"
                                + " with a fresh optimiser, as the reference's does.");

    public static final ConfigOption<Double> AUTOIFS_RETRAIN_L2 =
            ConfigOptions.key("model.autoifs.retrain-l2")
                    .doubleType()
                    .defaultValue(3e-4)
                    .checking(Constraint.between(0.0, 1.0))
                    .withDescription(
                            "AutoIFS: L2 weight decay once the search has ended (the reference"
                                    + " retrains with 3e-4 after searching with 3e-5).");

    public static final ConfigOption<Long> AUTOIFS_RESEARCH_INTERVAL =
            ConfigOptions.key("model.autoifs.re-search-interval")
                    .longType()
                    .defaultValue(0L)
                    .checking(Constraint.atLeast(0L))
                    .withDescription(
                            "AutoIFS: after this many examples of training with frozen masks a new"
                                    + " search window starts; 0 means never. FlowRec extension (the"
                                    + " reference searches once).");

    public static final ConfigOption<Integer> AUTOIFS_FLOW_REPORT_WINDOW =
            ConfigOptions.key("model.autoifs.flow-report-window")
                    .intType()
                    .defaultValue(10_000)
                    .checking(Constraint.between(1, 10_000_000))
                    .withDescription(
                            "AutoIFS: flow-keep shares in manifests cover the most recent this many"
                                    + " scored examples of each scenario and task.");

    public static final ConfigOption<M3oeStructureUpdate> M3OE_STRUCTURE_UPDATE =
            ConfigOptions.key("model.m3oe.structure-update")
                    .enumType(M3oeStructureUpdate.class)
                    .defaultValue(M3oeStructureUpdate.FIRST_ORDER)
                    .withDescription("M3oE: how the four structure weights are trained.");

    public static final ConfigOption<Double> M3OE_STRUCTURE_LEARNING_RATE =
            ConfigOptions.key("model.m3oe.structure-learning-rate")
                    .doubleType()
                    .defaultValue(1e-3)
                    .checking(Constraint.between(1e-7, 1.0))
                    .withDescription(
                            "M3oE: learning rate of the structure weights' own Adam (the"
                                    + " reference's 'darts' optimiser; its weight decay is "
                                    + L2.key()
                                    + ").");

    public static final ConfigOption<Integer> M3OE_STRUCTURE_STEP_INTERVAL =
            ConfigOptions.key("model.m3oe.structure-step-interval")
                    .intType()
                    .defaultValue(10)
                    .checking(Constraint.between(1, 1_000_000))
                    .withDescription(
                            "M3oE: the structure weights' own Adam steps once every this many"
                                    + " training batches.");

    public static final ConfigOption<Double> M3OE_EMBEDDING_STD =
            ConfigOptions.key("model.m3oe.embedding-std")
                    .doubleType()
                    .defaultValue(0.0)
                    .checking(Constraint.between(0.0, 1.0))
                    .withDescription(
                            "M3oE: standard deviation of a normal initialisation of the embedding"
                                + " table; 0 means Xavier-uniform like the other models. The"
                                + " reference uses 1e-4, which trains on its 40,960-row batches but"
                                + " leaves weak fields unlearned for thousands of small online"
                                + " batches.");

    private ModelOptions() {}
}
