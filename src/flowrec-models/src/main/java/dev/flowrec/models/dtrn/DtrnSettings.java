package dev.flowrec.models.dtrn;

import dev.flowrec.core.feature.FeatureSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The DTRN-only settings: the shape of the behaviour sequences the model reads, which the job takes
 * from its feature spec ({@code model.sequence-features}, {@code model.sequence-length}). Like
 * M3oE's they postdate the artifact header, so a DTRN model carries them in its model state.
 *
 * @param behaviours behaviour sequences per example (e.g. clicked and liked items)
 * @param sequenceLength items per sequence, the most recent ones, left-padded
 */
public record DtrnSettings(int behaviours, int sequenceLength) {
    /** Two sequences (clicked and liked, as the MovieLens replay has them) of 20 items. */
    private static final DtrnSettings DEFAULTS = new DtrnSettings(2, 20);

    public DtrnSettings {
        if (behaviours < 1 || sequenceLength < 1) {
            throw new IllegalArgumentException("DTRN needs at least one behaviour sequence of length at least 1, got "
                    + "behaviours=" + behaviours + " sequenceLength=" + sequenceLength);
        }
    }

    public static DtrnSettings defaults() {
        return DEFAULTS;
    }

    /**
     * The sequences {@code features} reads.
     *
     * @throws IllegalArgumentException when it reads none: DTRN's interest module has nothing to attend to
     */
    public static DtrnSettings of(FeatureSpec features) {
        if (features.behaviours() == 0) {
            throw new IllegalArgumentException("model.type dtrn needs behaviour sequences: set model.sequence-features "
                    + "(e.g. clicked,liked) to keys the impressions carry in Impression.sequences");
        }
        return new DtrnSettings(features.behaviours(), features.sequenceLength());
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(behaviours);
        out.writeInt(sequenceLength);
    }

    static DtrnSettings read(DataInputStream in) throws IOException {
        return new DtrnSettings(in.readInt(), in.readInt());
    }
}
