package dev.flowrec.models.ple;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.Architecture;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.mmoe.ExpertLayout;
import dev.flowrec.models.mmoe.ExpertMixtureModel;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLE (Tang et al., RecSys 2020) with one extraction level: {@value #SHARED_EXPERTS} shared experts
 * and {@value #SPECIFIC_EXPERTS} task-specific experts per task, each a ReLU MLP of {@code
 * hiddenSizes}; per task a softmax gate {@code Linear(input → 4)} over its own specific experts and
 * the shared ones, then a tower of {@code towerSizes} → sigmoid. With a single level there is no
 * next level, so the shared gate of the paper (which only feeds a next level) is not built. The
 * graph and training are {@link ExpertMixtureModel}'s.
 */
public final class PleModel extends ExpertMixtureModel {
    /** PLE for the registry: no settings of its own. */
    public static final Architecture ARCHITECTURE =
            Architecture.withoutOwnSettings(
                    ModelType.PLE,
                    ExpertMixtureModel::checkExperts,
                    PleModel::create,
                    PleModel::restore);

    private static final Logger LOG = LoggerFactory.getLogger(PleModel.class);

    /** Shared experts of the extraction level (FlowRec's baseline setting). */
    public static final int SHARED_EXPERTS = 2;

    /** Task-specific experts per task (FlowRec's baseline setting). */
    public static final int SPECIFIC_EXPERTS = 2;

    /** PLE's layout: 2 shared experts and 2 per task. */
    public static final ExpertLayout LAYOUT = new ExpertLayout(SHARED_EXPERTS, SPECIFIC_EXPERTS);

    private PleModel(ModelSettings settings, ComputationGraph graph) {
        super(settings, graph);
    }

    /** A freshly initialised model with DL4J workspaces enabled. */
    public static PleModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /** A freshly initialised model; {@link WorkspaceMode#NONE} gives identical results, slower. */
    public static PleModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        PleModel model = new PleModel(settings, newGraph(settings, LAYOUT, workspaceMode));
        LOG.info(
                "Built PLE model: {} parameters, {} fields x {} dims over {} rows, {} shared + {}"
                        + " per task experts {}, {} towers {}, workspaces {}",
                model.parameterCount(),
                settings.features().fieldCount(),
                settings.embeddingDim(),
                settings.vocabularySize(),
                SHARED_EXPERTS,
                SPECIFIC_EXPERTS,
                settings.hiddenSizes(),
                settings.space().taskCount(),
                settings.towerSizes(),
                workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact, with the optimiser state when the artifact has it.
     *
     * @throws IllegalArgumentException when the artifact is not a PLE model or its network does not
     *     have the shape its header describes
     */
    public static PleModel restore(ModelArtifact artifact) {
        return new PleModel(artifact.settings(), restoreGraph(artifact, ModelType.PLE, LAYOUT));
    }

    /** Parameter count implied by the settings: embedding, experts, gates, towers. */
    public static long expectedParameterCount(ModelSettings settings) {
        return expectedParameterCount(settings, LAYOUT);
    }

    @Override
    protected ExpertLayout layout() {
        return LAYOUT;
    }
}
