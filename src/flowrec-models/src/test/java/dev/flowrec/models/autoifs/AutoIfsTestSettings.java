package dev.flowrec.models.autoifs;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.SyntheticStream;
import java.util.List;

/**
 * Settings for AutoIFS tests: the synthetic stream's space at small sizes, and the ML-1M reference
 * sizes.
 */
final class AutoIfsTestSettings {
    private AutoIfsTestSettings() {}

    /**
     * SyntheticStream's 4 fields (128 rows), bottom 32-16, scenario layer 16, rank 2, given search
     * window.
     */
    static ModelSettings small(
            long seed, long searchExamples, double rewindFraction, long researchInterval) {
        AutoIfsSettings autoIfs =
                AutoIfsSettings.defaults()
                        .withSizes(2, List.of(32, 16), 16)
                        .withSearch(searchExamples, rewindFraction, researchInterval)
                        .withRetrain(0.01, 1e-4);
        return SyntheticStream.settings(8, List.of(32, 16), List.of(8), 0.01, 1e-4, seed)
                .toBuilder()
                .type(ModelType.AUTOIFS)
                .architecture(autoIfs)
                .build();
    }

    static ModelSettings small(long seed, long searchExamples) {
        return small(seed, searchExamples, 0.9, 0);
    }

    /**
     * The reference ML-1M shape (the defaults of the authors' code): 8 fields, 13,244 embedding
     * rows, E = 16, bottom 1024-512, scenario layer 256, rank 2, 3 scenarios, 2 tasks.
     */
    static ModelSettings movieLens(long searchExamples) {
        List<String> scenarios = List.of("young", "adult", "senior");
        FeatureSpec features =
                FeatureSpec.of(
                        scenarios,
                        List.of("gender", "age", "occupation", "zip", "first_genre"),
                        List.of(),
                        4096);
        return ModelSettings.builder()
                .type(ModelType.AUTOIFS)
                .space(new ScenarioTaskSpace(scenarios, List.of("click", "like")))
                .features(features)
                .embeddingDim(16)
                .hiddenSizes(List.of(256, 128))
                .towerSizes(List.of(64))
                .learningRate(3e-4)
                .l2(3e-5)
                .seed(2022L)
                .embeddingRows(13_244)
                .architecture(AutoIfsSettings.defaults().withSearch(searchExamples, 0.9, 0))
                .build();
    }
}
