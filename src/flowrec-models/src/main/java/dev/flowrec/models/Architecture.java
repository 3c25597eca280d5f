package dev.flowrec.models;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelType;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What FlowRec needs to know about one model type, declared once in the model's package and
 * registered in {@link Architectures}: its own settings (class, defaults, how configuration and its
 * artifact state block give them), the checks of a complete {@link ModelSettings}, and how to
 * create a fresh model or restore one from an artifact.
 *
 * @param type the {@code model.type} value it implements
 * @param settingsType the class of its own settings ({@link ArchitectureSettings.None} for none)
 * @param defaults its own settings from the option defaults
 * @param settingsFromConfig its own settings from configuration
 * @param settingsInState its own settings from the model-state block of its artifact
 * @param checks rejects complete settings it cannot build; messages name the configuration key
 * @param creator a freshly initialised model
 * @param restorer the model of an artifact of this type
 */
public record Architecture(
        ModelType type,
        Class<? extends ArchitectureSettings> settingsType,
        ArchitectureSettings defaults,
        Function<FlowRecConfig, ArchitectureSettings> settingsFromConfig,
        Function<byte[], ArchitectureSettings> settingsInState,
        Consumer<ModelSettings> checks,
        Function<ModelSettings, MultiTaskModel> creator,
        Function<ModelArtifact, MultiTaskModel> restorer) {

    /** A model type without settings of its own; its artifacts have an empty state block. */
    public static Architecture withoutOwnSettings(
            ModelType type,
            Consumer<ModelSettings> checks,
            Function<ModelSettings, MultiTaskModel> creator,
            Function<ModelArtifact, MultiTaskModel> restorer) {
        return new Architecture(
                type,
                ArchitectureSettings.None.class,
                ArchitectureSettings.NONE,
                config -> ArchitectureSettings.NONE,
                state -> ArchitectureSettings.NONE,
                checks,
                creator,
                restorer);
    }

    public ArchitectureSettings settingsFrom(FlowRecConfig config) {
        return settingsFromConfig.apply(config);
    }

    /**
     * Checks complete settings as a job does before it submits: the model type's own checks and the
     * embedding table's size.
     *
     * @throws ConfigException naming the key of what is wrong
     */
    public void validate(ModelSettings settings) {
        try {
            GraphModel.checkVocabulary(settings);
            checks.accept(settings);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "model.type " + type.value() + " cannot be built: " + e.getMessage());
        }
    }

    public MultiTaskModel create(ModelSettings settings) {
        return creator.apply(settings);
    }

    public MultiTaskModel restore(ModelArtifact artifact) {
        return restorer.apply(artifact);
    }

    boolean acceptsSettings(ArchitectureSettings settings) {
        return settingsType.isInstance(settings);
    }

    void checkSettingsType(ArchitectureSettings settings) {
        if (!acceptsSettings(settings)) {
            throw new IllegalArgumentException(
                    type.value()
                            + " takes "
                            + settingsType.getSimpleName()
                            + " as its own settings, got "
                            + settings);
        }
    }
}
