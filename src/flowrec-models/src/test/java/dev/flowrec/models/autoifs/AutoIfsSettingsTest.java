package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoIfsSettingsTest {

    @Test
    void defaultsAreTheReferenceValues() {
        AutoIfsSettings d = AutoIfsSettings.defaults();

        assertThat(d.loraRank()).isEqualTo(2);
        assertThat(d.bottomSizes()).containsExactly(1024, 512);
        assertThat(d.scenarioSize()).isEqualTo(256);
        assertThat(d.temperatureSteps()).isEqualTo(10);
        assertThat(d.finalTemperature()).isEqualTo(100.0);
        assertThat(d.rewindFraction()).isEqualTo(0.9);
        assertThat(d.gateLearningRateFactor()).isEqualTo(0.01);
        assertThat(d.researchInterval()).isZero();
    }

    @Test
    void modelTypeAutoifsAndItsOptionsReachTheSettings() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.type", "autoifs",
                                "model.autoifs.lora-rank", "3",
                                "model.autoifs.bottom-sizes", "64,32",
                                "model.autoifs.scenario-size", "16",
                                "model.autoifs.search-examples", "5000",
                                "model.autoifs.retrain-learning-rate", "2e-4",
                                "model.autoifs.retrain-l2", "1e-3",
                                "model.autoifs.re-search-interval", "20000"));

        ModelSettings settings = ModelSettings.from(config);

        assertThat(settings.type()).isEqualTo(ModelType.AUTOIFS);
        assertThat(AutoIfsSettings.of(settings))
                .isEqualTo(
                        new AutoIfsSettings(
                                3,
                                List.of(64, 32),
                                16,
                                5000,
                                10,
                                100.0,
                                0.9,
                                0.01,
                                2e-4,
                                1e-3,
                                20000,
                                10_000));
        assertThat(MultiTaskModels.create(settings.toBuilder().embeddingRows(1000).build()))
                .isInstanceOf(AutoIfsModel.class);
    }

    @Test
    void eachConstraintNamesItsKey() {
        Map<String, String> bad =
                Map.of(
                        "model.autoifs.lora-rank", "0",
                        "model.autoifs.bottom-sizes", "",
                        "model.autoifs.scenario-size", "0",
                        "model.autoifs.search-examples", "0",
                        "model.autoifs.temperature-steps", "1",
                        "model.autoifs.final-temperature", "0.5",
                        "model.autoifs.rewind-fraction", "1.5",
                        "model.autoifs.gate-learning-rate-factor", "0",
                        "model.autoifs.re-search-interval", "-1",
                        "model.autoifs.flow-report-window", "0");
        bad.forEach(
                (key, value) ->
                        assertThatThrownBy(() -> FlowRecConfig.of(Map.of(key, value)))
                                .as(key)
                                .isInstanceOf(ConfigException.class)
                                .hasMessageContaining("'" + key + "'"));
    }

    @Test
    void settingsBuiltInCodeAreCheckedToo() {
        assertThatThrownBy(() -> AutoIfsSettings.defaults().withSearch(100, 1.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rewindFraction must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> AutoIfsSettings.defaults().withSizes(0, List.of(8), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loraRank must be at least 1, got 0");
    }
}
