package dev.flowrec.cli.bench;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.models.ModelSettings;
import java.util.List;

/**
 * The models of benchmark B1 with the paper protocol's settings on MovieLens-1M: embedding 16 over
 * the exact 13,244-row vocabulary, batch 4,096; AutoIFS with the reference code's defaults
 * (models.md §1.6), the classic baselines with models.md §5's sizes.
 */
final class B1Models {
    static final int BATCH_SIZE = 4096;
    static final int EVAL_BATCH_SIZE = 40_960;
    static final long SEED = 2022L;

    private B1Models() {}

    /** Field count 8 as in the reference; the table is sized by the exact vocabulary, not by hashing. */
    static FeatureSpec features() {
        return FeatureSpec.of(MovieLens1m.SCENARIOS, List.of("gender", "age", "occupation", "zip", "cate_id"),
                List.of(), 4);
    }

    static ModelSettings sharedBottom(int vocabulary) {
        return new ModelSettings(ModelType.SHARED_BOTTOM, MovieLens1m.SPACE, features(), 16, List.of(512, 256),
                List.of(64), 1e-3, 0.0, SEED, vocabulary, dev.flowrec.models.autoifs.AutoIfsSettings.defaults());
    }
}
