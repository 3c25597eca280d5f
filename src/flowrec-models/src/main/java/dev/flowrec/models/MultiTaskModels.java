package dev.flowrec.models;

import dev.flowrec.models.autoifs.AutoIfsModel;
import dev.flowrec.models.dtrn.DtrnModel;
import dev.flowrec.models.m3oe.M3oeModel;
import dev.flowrec.models.mmoe.MmoeModel;
import dev.flowrec.models.ple.PleModel;
import dev.flowrec.models.sharedbottom.SharedBottomModel;

/**
 * The two ways to obtain a {@link MultiTaskModel}: build a fresh one from settings, or decode a
 * {@link ModelArtifact}. Trainer, checkpoints and serving go through here, so adding a model type
 * means one more case in each switch (the compiler points at both).
 */
public final class MultiTaskModels {
    private MultiTaskModels() {}

    /** A freshly initialised model of {@code settings.type()}, seeded from {@code settings.seed()}. */
    public static MultiTaskModel create(ModelSettings settings) {
        return switch (settings.type()) {
            case SHARED_BOTTOM -> SharedBottomModel.create(settings);
            case AUTOIFS -> AutoIfsModel.create(settings);
            case MMOE -> MmoeModel.create(settings);
            case PLE -> PleModel.create(settings);
            case M3OE -> M3oeModel.create(settings);
            case DTRN -> DtrnModel.create(settings);
        };
    }

    /**
     * Decodes bytes written by {@link MultiTaskModel#toBytes(boolean)}. Optimiser state is restored
     * when the artifact carries it.
     *
     * @throws IllegalArgumentException when the bytes are not a readable artifact of a known type
     */
    public static MultiTaskModel fromBytes(byte[] artifact) {
        ModelArtifact decoded = ModelArtifact.fromBytes(artifact);
        return switch (decoded.settings().type()) {
            case SHARED_BOTTOM -> SharedBottomModel.restore(decoded);
            case AUTOIFS -> AutoIfsModel.restore(decoded);
            case MMOE -> MmoeModel.restore(decoded);
            case PLE -> PleModel.restore(decoded);
            case M3OE -> M3oeModel.restore(decoded);
            case DTRN -> DtrnModel.restore(decoded);
        };
    }
}
