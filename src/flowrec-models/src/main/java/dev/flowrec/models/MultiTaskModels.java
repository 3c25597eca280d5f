package dev.flowrec.models;

/**
 * The two ways to obtain a {@link MultiTaskModel}: build a fresh one from settings, or decode a
 * {@link ModelArtifact}. Trainer, checkpoints and serving go through here; the model type's {@link
 * Architecture} does the work.
 */
public final class MultiTaskModels {
    private MultiTaskModels() {}

    /**
     * A freshly initialised model of {@code settings.type()}, seeded from {@code settings.seed()}.
     */
    public static MultiTaskModel create(ModelSettings settings) {
        return Architectures.of(settings.type()).create(settings);
    }

    /**
     * Decodes bytes written by {@link MultiTaskModel#toBytes(boolean)}. Optimiser state is restored
     * when the artifact carries it.
     *
     * @throws IllegalArgumentException when the bytes are not a readable artifact of a known type
     */
    public static MultiTaskModel fromBytes(byte[] artifact) {
        ModelArtifact decoded = ModelArtifact.fromBytes(artifact);
        return Architectures.of(decoded.settings().type()).restore(decoded);
    }
}
