package dev.flowrec.models.m3oe;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.M3oeStructureUpdate;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.events.M3oeSettingsRecord;
import dev.flowrec.models.ArchitectureSettings;
import dev.flowrec.models.ModelSettings;

/**
 * M3oE's own settings, one field per {@code model.m3oe.*} option (see {@link ModelOptions}) plus
 * the width of the dense input, which no configuration sets: FlowRec's event features are all
 * embedding rows, and only the MovieLens reference protocol feeds a real value (age, min-max
 * scaled, as M3oE's reference code feeds it). They travel in M3oE's state block of an artifact.
 *
 * @param structureUpdate how the four structure weights are trained
 * @param structureLearningRate learning rate of the structure weights' own Adam
 * @param structureStepInterval that Adam steps once every this many training batches
 * @param embeddingStd standard deviation of the normal initialisation of the embedding table (the
 *     reference's 1e-4), or 0 for Xavier-uniform like FlowRec's other models
 * @param denseInputs real-valued inputs appended to the flattened embeddings ({@code Batch.dense})
 */
public record M3oeSettings(
        M3oeStructureUpdate structureUpdate,
        double structureLearningRate,
        int structureStepInterval,
        double embeddingStd,
        int denseInputs)
        implements ArchitectureSettings {

    private static final M3oeSettings DEFAULTS = from(FlowRecConfig.defaults());

    public M3oeSettings {
        if (structureUpdate == null) {
            throw new IllegalArgumentException("structureUpdate must not be null");
        }
        if (!(structureLearningRate > 0.0) || Double.isInfinite(structureLearningRate)) {
            throw new IllegalArgumentException(
                    "structureLearningRate must be finite and positive, got "
                            + structureLearningRate);
        }
        if (structureStepInterval < 1) {
            throw new IllegalArgumentException(
                    "structureStepInterval must be at least 1, got " + structureStepInterval);
        }
        if (!(embeddingStd >= 0.0) || Double.isInfinite(embeddingStd)) {
            throw new IllegalArgumentException(
                    "embeddingStd must be 0 (Xavier-uniform) or finite and positive, got "
                            + embeddingStd);
        }
        if (denseInputs < 0) {
            throw new IllegalArgumentException(
                    "denseInputs must be 0 or positive, got " + denseInputs);
        }
    }

    /** The option defaults, no dense input. */
    public static M3oeSettings defaults() {
        return DEFAULTS;
    }

    /** The M3oE settings of complete model settings of type m3oe. */
    public static M3oeSettings of(ModelSettings settings) {
        return settings.architecture(M3oeSettings.class);
    }

    public static M3oeSettings from(FlowRecConfig config) {
        return new M3oeSettings(
                config.get(ModelOptions.M3OE_STRUCTURE_UPDATE),
                config.get(ModelOptions.M3OE_STRUCTURE_LEARNING_RATE),
                config.get(ModelOptions.M3OE_STRUCTURE_STEP_INTERVAL),
                config.get(ModelOptions.M3OE_EMBEDDING_STD),
                0);
    }

    public M3oeSettings withStructure(M3oeStructureUpdate update, int stepInterval) {
        return new M3oeSettings(
                update, structureLearningRate, stepInterval, embeddingStd, denseInputs);
    }

    public M3oeSettings withDenseInputs(int width) {
        return new M3oeSettings(
                structureUpdate, structureLearningRate, structureStepInterval, embeddingStd, width);
    }

    public M3oeSettings withEmbeddingStd(double std) {
        return new M3oeSettings(
                structureUpdate, structureLearningRate, structureStepInterval, std, denseInputs);
    }

    M3oeSettingsRecord toRecord() {
        return M3oeSettingsRecord.newBuilder()
                .setStructureUpdate(structureUpdate.value())
                .setStructureLearningRate(structureLearningRate)
                .setStructureStepInterval(structureStepInterval)
                .setEmbeddingStd(embeddingStd)
                .setDenseInputs(denseInputs)
                .build();
    }

    static M3oeSettings fromRecord(M3oeSettingsRecord r) {
        M3oeStructureUpdate parsed = null;
        for (M3oeStructureUpdate u : M3oeStructureUpdate.values()) {
            if (u.value().equals(r.getStructureUpdate())) {
                parsed = u;
            }
        }
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "M3oE model state names an unknown structure update '"
                            + r.getStructureUpdate()
                            + "'");
        }
        return new M3oeSettings(
                parsed,
                r.getStructureLearningRate(),
                r.getStructureStepInterval(),
                r.getEmbeddingStd(),
                r.getDenseInputs());
    }
}
