package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import dev.flowrec.models.m3oe.M3oeSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry of model types, and complete settings built and checked from configuration. */
class ArchitecturesTest {

    @Test
    void everyModelTypeIsRegisteredAndTakesItsOwnDefaults() {
        for (ModelType type : ModelType.values()) {
            Architecture architecture = Architectures.of(type);

            assertThat(architecture.type()).isEqualTo(type);
            assertThat(architecture.settingsType().isInstance(architecture.defaults()))
                    .as(type.value())
                    .isTrue();
        }
    }

    @Test
    void settingsFromConfigurationCarryTheTypesOwnSettings() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "model.type",
                                "m3oe",
                                "model.hidden-sizes",
                                "32,16,8",
                                "model.m3oe.structure-step-interval",
                                "5"));

        ModelSettings settings = ModelSettings.from(config);

        assertThat(M3oeSettings.of(settings)).isEqualTo(M3oeSettings.from(config));
        assertThat(M3oeSettings.of(settings).structureStepInterval()).isEqualTo(5);
        assertThat(
                        ModelSettings.from(FlowRecConfig.of(Map.of("model.type", "mmoe")))
                                .architecture())
                .isEqualTo(ArchitectureSettings.NONE);
    }

    @Test
    void changingTheTypeDropsOwnSettingsOfAnotherType() {
        ModelSettings autoIfs =
                SyntheticStream.smallSettings(1L).toBuilder()
                        .type(ModelType.AUTOIFS)
                        .architecture(AutoIfsSettings.defaults().withSizes(2, List.of(8), 4))
                        .build();

        ModelSettings m3oe = autoIfs.toBuilder().type(ModelType.M3OE).build();

        assertThat(m3oe.architecture()).isEqualTo(M3oeSettings.defaults());
        assertThatThrownBy(() -> AutoIfsSettings.of(m3oe))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not AutoIfsSettings");
        assertThatThrownBy(
                        () ->
                                SyntheticStream.smallSettings(1L).toBuilder()
                                        .architecture(M3oeSettings.defaults())
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "shared-bottom takes None as its own settings, got "
                                + M3oeSettings.defaults());
    }

    @Test
    void builderNamesEveryMissingRequiredSetting() {
        assertThatThrownBy(() -> ModelSettings.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model settings need type, space, features");
    }

    @Test
    void settingsAModelCannotBuildFailNamingTheKey() {
        assertThatThrownBy(() -> ModelSettings.from(FlowRecConfig.of(Map.of("model.type", "dtrn"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.sequence-features");
        assertThatThrownBy(
                        () ->
                                ModelSettings.from(
                                        FlowRecConfig.of(Map.of("model.tower-sizes", "8,0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'model.tower-sizes'");
        assertThatThrownBy(
                        () ->
                                ModelSettings.from(
                                        FlowRecConfig.of(
                                                Map.of(
                                                        "model.type",
                                                        "ple",
                                                        "model.hidden-sizes",
                                                        "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'model.hidden-sizes'");
        assertThatThrownBy(() -> ModelSettings.from(FlowRecConfig.of(Map.of("model.type", "m3oe"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.hidden-sizes");
    }
}
