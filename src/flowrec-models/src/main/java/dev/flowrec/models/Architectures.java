package dev.flowrec.models;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.autoifs.AutoIfsModel;
import dev.flowrec.models.dtrn.DtrnModel;
import dev.flowrec.models.m3oe.M3oeModel;
import dev.flowrec.models.mmoe.MmoeModel;
import dev.flowrec.models.ple.PleModel;
import dev.flowrec.models.sharedbottom.SharedBottomModel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of model types: adding a model is its package (with its {@link Architecture}), a
 * {@link ModelType} value, and one entry in {@link #REGISTERED}.
 */
public final class Architectures {
    private static final List<Architecture> REGISTERED =
            List.of(
                    SharedBottomModel.ARCHITECTURE,
                    AutoIfsModel.ARCHITECTURE,
                    MmoeModel.ARCHITECTURE,
                    PleModel.ARCHITECTURE,
                    M3oeModel.ARCHITECTURE,
                    DtrnModel.ARCHITECTURE);

    private static final Map<ModelType, Architecture> BY_TYPE = index(REGISTERED);

    private Architectures() {}

    /** The architecture of a model type; every {@link ModelType} has one. */
    public static Architecture of(ModelType type) {
        return BY_TYPE.get(type);
    }

    private static Map<ModelType, Architecture> index(List<Architecture> architectures) {
        Map<ModelType, Architecture> byType = new EnumMap<>(ModelType.class);
        for (Architecture a : architectures) {
            if (byType.put(a.type(), a) != null) {
                throw new IllegalStateException(
                        "model type " + a.type().value() + " is registered twice");
            }
        }
        for (ModelType type : ModelType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalStateException(
                        "model type " + type.value() + " has no registered architecture");
            }
        }
        return byType;
    }
}
