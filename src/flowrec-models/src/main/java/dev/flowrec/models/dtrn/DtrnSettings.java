package dev.flowrec.models.dtrn;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The DTRN-only settings, one field per {@code model.dtrn.*} option (see {@link ModelOptions}).
 * Like M3oE's they postdate the artifact header, so a DTRN model carries them in its model state.
 *
 * @param behaviours behaviour sequences per example (e.g. clicked and liked items)
 * @param sequenceLength items per sequence, the most recent ones, left-padded
 */
public record DtrnSettings(int behaviours, int sequenceLength) {
    private static final DtrnSettings DEFAULTS = from(FlowRecConfig.defaults());

    public DtrnSettings {
        if (behaviours < 1 || sequenceLength < 1) {
            throw new IllegalArgumentException("DTRN needs at least one behaviour sequence of length at least 1, got "
                    + "behaviours=" + behaviours + " sequenceLength=" + sequenceLength);
        }
    }

    public static DtrnSettings defaults() {
        return DEFAULTS;
    }

    public static DtrnSettings from(FlowRecConfig config) {
        return new DtrnSettings(config.get(ModelOptions.DTRN_BEHAVIOURS), config.get(ModelOptions.DTRN_SEQUENCE_LENGTH));
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(behaviours);
        out.writeInt(sequenceLength);
    }

    static DtrnSettings read(DataInputStream in) throws IOException {
        return new DtrnSettings(in.readInt(), in.readInt());
    }
}
