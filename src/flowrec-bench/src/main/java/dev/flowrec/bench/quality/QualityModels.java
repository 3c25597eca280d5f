package dev.flowrec.bench.quality;

import dev.flowrec.bench.training.ResumableTraining;
import dev.flowrec.core.config.M3oeStructureUpdate;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensHistory;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.autoifs.AutoIfsModel;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import dev.flowrec.models.m3oe.M3oeSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The models of benchmark B1 with the paper protocol's settings on MovieLens-1M: embedding 16 over
 * the exact 13,244-row vocabulary, batch 4,096; AutoIFS with the defaults of the authors' code
 * (seed 2022; search Adam 3e-4, L2 3e-5; retrain Adam 1e-4, L2 3e-4), the classic baselines with
 * FlowRec's baseline sizes (Shared-Bottom MLP [512, 256], expert MLPs [256, 128], towers [64]).
 */
public final class QualityModels {
    public static final int BATCH_SIZE = 4096;
    static final int EVAL_BATCH_SIZE = 40_960;
    static final long SEED = 2022L;

    private QualityModels() {}

    /**
     * Field count 8 as in the reference; the table is sized by the exact vocabulary, not by
     * hashing.
     */
    static FeatureSpec features() {
        return FeatureSpec.of(
                MovieLens1m.SCENARIOS,
                List.of("gender", "age", "occupation", "zip", "cate_id"),
                List.of(),
                4);
    }

    /**
     * AutoIFS with the reference defaults: search for 10 epochs of the training split with the
     * temperature stepped from 1 to 100 once per epoch, rewind to the start of epoch 9, then hard
     * gates and retrain with a fresh Adam at lr 1e-4 and L2 3e-4 (the retrain options' defaults).
     */
    public static ModelSettings autoIfs(int vocabulary, int trainRows) {
        AutoIfsSettings autoIfs =
                AutoIfsSettings.defaults()
                        .withSizes(2, List.of(1024, 512), 256)
                        .withSearch(10L * trainRows, 0.9, 0);
        return settings(
                        ModelType.AUTOIFS,
                        features(),
                        List.of(1024, 512),
                        List.of(),
                        3e-4,
                        3e-5,
                        SEED,
                        vocabulary)
                .architecture(autoIfs)
                .build();
    }

    /**
     * Epoch training of a model from fresh settings, resumable from {@code dir}, with B1's rule for
     * which epochs count ({@link #counts}).
     */
    static ResumableTraining training(
            Path dir,
            String name,
            ModelSettings settings,
            int maxEpochs,
            int patience,
            PrintWriter out) {
        return new ResumableTraining(
                dir,
                name,
                () -> MultiTaskModels.create(settings),
                QualityModels::phase,
                QualityModels::counts,
                maxEpochs,
                patience,
                out);
    }

    /** The training phase a model is in, for epoch bookkeeping. */
    static String phase(MultiTaskModel model) {
        return model instanceof AutoIfsModel a
                ? a.phase().name().toLowerCase(java.util.Locale.ROOT)
                : "train";
    }

    /** Epochs that count for early stopping and the best model: not AutoIFS's search epochs. */
    static boolean counts(String phase) {
        return !phase.equals("search");
    }

    /** MMoE or PLE with FlowRec's baseline sizes: experts [256, 128], towers [64]. */
    static ModelSettings expertMixture(ModelType type, int vocabulary) {
        return settings(
                        type,
                        features(),
                        List.of(256, 128),
                        List.of(64),
                        1e-3,
                        0.0,
                        SEED,
                        vocabulary)
                .build();
    }

    /**
     * M3oE on the paper protocol's batches, like the baselines: the 8-field vocabulary (age a
     * field, no dense input), batch 4,096, Adam 1e-3 without L2, Xavier embedding; M3oE's own sizes
     * (bottom 512, view 256, experts 64, towers [64]) and FlowRec's first-order structure update.
     */
    static ModelSettings m3oe(int vocabulary) {
        return settings(
                        ModelType.M3OE,
                        features(),
                        M3OE_SIZES,
                        List.of(64),
                        1e-3,
                        0.0,
                        SEED,
                        vocabulary)
                .architecture(M3oeSettings.defaults())
                .build();
    }

    /**
     * M3oE's sizes in the reference code ({@code fcn_dims [512, 256, 256, 64]}): STAR bottom 512,
     * view 256, experts 64.
     */
    static final List<Integer> M3OE_SIZES = List.of(512, 256, 64);

    /** Batch size of the M3oE reference protocol (4,096 × 10). */
    static final int M3OE_BATCH_SIZE = 40_960;

    /**
     * M3oE with the settings of its reference code's MovieLens example for its sequential split: 7
     * sparse fields over {@code vocabulary} rows plus age as one dense value, embedding N(0, 1e-4),
     * Adam 1e-2 with weight decay 1e-5 (on biases too), structure weights in the main optimiser
     * plus one step of their own Adam (1e-3) every {@code batchesPerEpoch} batches.
     */
    static ModelSettings m3oeReference(int vocabulary, int batchesPerEpoch, long seed) {
        FeatureSpec sevenFields =
                FeatureSpec.of(
                        MovieLens1m.SCENARIOS,
                        List.of("gender", "occupation", "zip", "cate_id"),
                        List.of(),
                        4);
        M3oeSettings reference =
                M3oeSettings.defaults()
                        .withStructure(M3oeStructureUpdate.REFERENCE_PARITY, batchesPerEpoch)
                        .withEmbeddingStd(1e-4)
                        .withDenseInputs(1);
        return settings(
                        ModelType.M3OE,
                        sevenFields,
                        M3OE_SIZES,
                        List.of(64),
                        1e-2,
                        1e-5,
                        seed,
                        vocabulary)
                .architecture(reference)
                .build();
    }

    /**
     * DTRN on an MMoE backbone with MMoE's B1 settings (experts [256, 128], towers [64], Adam 1e-3,
     * batch 4,096), reading the user's latest {@link #SEQUENCE_LENGTH} clicked and liked movies
     * from the training split.
     */
    static ModelSettings dtrn(int vocabulary) {
        FeatureSpec features =
                features().withSequences(MovieLensHistory.BEHAVIOURS, SEQUENCE_LENGTH);
        return settings(
                        ModelType.DTRN,
                        features,
                        List.of(256, 128),
                        List.of(64),
                        1e-3,
                        0.0,
                        SEED,
                        vocabulary)
                .build();
    }

    /**
     * Items per behaviour sequence for DTRN: the replay's default, not the 50 proposed as DTRN's
     * training default (the paper publishes none), to keep B1's cost in bounds.
     */
    static final int SEQUENCE_LENGTH = 20;

    static ModelSettings sharedBottom(int vocabulary) {
        return settings(
                        ModelType.SHARED_BOTTOM,
                        features(),
                        List.of(512, 256),
                        List.of(64),
                        1e-3,
                        0.0,
                        SEED,
                        vocabulary)
                .build();
    }

    /**
     * B1's shared settings: ML-1M's space, 16-dimensional embeddings over {@code vocabulary} rows.
     */
    private static ModelSettings.Builder settings(
            ModelType type,
            FeatureSpec features,
            List<Integer> hidden,
            List<Integer> towers,
            double learningRate,
            double l2,
            long seed,
            int vocabulary) {
        return ModelSettings.builder()
                .type(type)
                .space(MovieLens1m.SPACE)
                .features(features)
                .embeddingDim(16)
                .hiddenSizes(hidden)
                .towerSizes(towers)
                .learningRate(learningRate)
                .l2(l2)
                .seed(seed)
                .embeddingRows(vocabulary);
    }

    /**
     * The B1 settings of a model named as {@code --models} names it.
     *
     * @throws IllegalArgumentException for a name it does not know
     */
    public static ModelSettings settings(String name, int vocabulary, int trainRows) {
        return switch (name) {
            case "autoifs" -> QualityModels.autoIfs(vocabulary, trainRows);
            case "shared-bottom" -> QualityModels.sharedBottom(vocabulary);
            case "mmoe" -> QualityModels.expertMixture(ModelType.MMOE, vocabulary);
            case "ple" -> QualityModels.expertMixture(ModelType.PLE, vocabulary);
            case "m3oe" -> QualityModels.m3oe(vocabulary);
            case "dtrn" -> QualityModels.dtrn(vocabulary);
            default ->
                    throw new IllegalArgumentException(
                            "Unknown model '"
                                    + name
                                    + "' for --models (known: autoifs, shared-bottom, mmoe, ple,"
                                    + " m3oe, dtrn)");
        };
    }
}
