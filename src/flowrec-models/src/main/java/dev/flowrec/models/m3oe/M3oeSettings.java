package dev.flowrec.models.m3oe;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.M3oeStructureUpdate;
import dev.flowrec.core.config.ModelOptions;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The M3oE-only settings, one field per {@code model.m3oe.*} option (see {@link ModelOptions}) plus
 * the width of the dense input, which no configuration sets: FlowRec's event features are all
 * embedding rows, and only the MovieLens reference protocol feeds a real value (age, min-max
 * scaled, as M3oE's reference code feeds it). The artifact header predates these settings, so an
 * M3oE model carries them in its model state ({@link #write}, {@link #read}).
 *
 * @param structureUpdate how the four structure weights are trained
 * @param structureLearningRate learning rate of the structure weights' own Adam
 * @param structureStepInterval that Adam steps once every this many training batches
 * @param embeddingStd standard deviation of the normal initialisation of the embedding table
 *     (the reference's 1e-4), or 0 for Xavier-uniform like FlowRec's other models
 * @param denseInputs real-valued inputs appended to the flattened embeddings ({@code Batch.dense})
 */
public record M3oeSettings(M3oeStructureUpdate structureUpdate, double structureLearningRate,
        int structureStepInterval, double embeddingStd, int denseInputs) {

    private static final M3oeSettings DEFAULTS = from(FlowRecConfig.defaults());

    public M3oeSettings {
        if (structureUpdate == null) {
            throw new IllegalArgumentException("structureUpdate must not be null");
        }
        if (!(structureLearningRate > 0.0) || Double.isInfinite(structureLearningRate)) {
            throw new IllegalArgumentException("structureLearningRate must be finite and positive, got "
                    + structureLearningRate);
        }
        if (structureStepInterval < 1) {
            throw new IllegalArgumentException("structureStepInterval must be at least 1, got " + structureStepInterval);
        }
        if (!(embeddingStd >= 0.0) || Double.isInfinite(embeddingStd)) {
            throw new IllegalArgumentException("embeddingStd must be 0 (Xavier-uniform) or finite and positive, got "
                    + embeddingStd);
        }
        if (denseInputs < 0) {
            throw new IllegalArgumentException("denseInputs must be 0 or positive, got " + denseInputs);
        }
    }

    /** The option defaults, no dense input. */
    public static M3oeSettings defaults() {
        return DEFAULTS;
    }

    public static M3oeSettings from(FlowRecConfig config) {
        return new M3oeSettings(config.get(ModelOptions.M3OE_STRUCTURE_UPDATE),
                config.get(ModelOptions.M3OE_STRUCTURE_LEARNING_RATE),
                config.get(ModelOptions.M3OE_STRUCTURE_STEP_INTERVAL),
                config.get(ModelOptions.M3OE_EMBEDDING_STD), 0);
    }

    public M3oeSettings withStructure(M3oeStructureUpdate update, int stepInterval) {
        return new M3oeSettings(update, structureLearningRate, stepInterval, embeddingStd, denseInputs);
    }

    public M3oeSettings withDenseInputs(int width) {
        return new M3oeSettings(structureUpdate, structureLearningRate, structureStepInterval, embeddingStd, width);
    }

    public M3oeSettings withEmbeddingStd(double std) {
        return new M3oeSettings(structureUpdate, structureLearningRate, structureStepInterval, std, denseInputs);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeUTF(structureUpdate.value());
        out.writeDouble(structureLearningRate);
        out.writeInt(structureStepInterval);
        out.writeDouble(embeddingStd);
        out.writeInt(denseInputs);
    }

    static M3oeSettings read(DataInputStream in) throws IOException {
        String update = in.readUTF();
        M3oeStructureUpdate parsed = null;
        for (M3oeStructureUpdate u : M3oeStructureUpdate.values()) {
            if (u.value().equals(update)) {
                parsed = u;
            }
        }
        if (parsed == null) {
            throw new IllegalArgumentException("M3oE model state names an unknown structure update '" + update + "'");
        }
        return new M3oeSettings(parsed, in.readDouble(), in.readInt(), in.readDouble(), in.readInt());
    }
}
