package dev.flowrec.models.mmoe;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.Architecture;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MMoE (Ma et al., KDD 2018): {@value #EXPERTS} shared experts, each a ReLU MLP of {@code
 * hiddenSizes}; per task a softmax gate {@code Linear(input → 4)} over all experts and a tower of
 * {@code towerSizes} → sigmoid. The graph and training are {@link ExpertMixtureModel}'s.
 */
public final class MmoeModel extends ExpertMixtureModel {
    /** MMoE for the registry: no settings of its own. */
    public static final Architecture ARCHITECTURE =
            Architecture.withoutOwnSettings(
                    ModelType.MMOE,
                    ExpertMixtureModel::checkExperts,
                    MmoeModel::create,
                    MmoeModel::restore);

    private static final Logger LOG = LoggerFactory.getLogger(MmoeModel.class);

    /** Shared experts (FlowRec's baseline setting). */
    public static final int EXPERTS = 4;

    /** MMoE's layout: {@value #EXPERTS} shared experts, no task-specific ones. */
    public static final ExpertLayout LAYOUT = new ExpertLayout(EXPERTS, 0);

    private MmoeModel(ModelSettings settings, ComputationGraph graph) {
        super(settings, graph);
    }

    /** A freshly initialised model with DL4J workspaces enabled. */
    public static MmoeModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /** A freshly initialised model; {@link WorkspaceMode#NONE} gives identical results, slower. */
    public static MmoeModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        MmoeModel model = new MmoeModel(settings, newGraph(settings, LAYOUT, workspaceMode));
        LOG.info(
                "Built MMoE model: {} parameters, {} fields x {} dims over {} rows, {} experts {},"
                        + " {} towers {}, workspaces {}",
                model.parameterCount(),
                settings.features().fieldCount(),
                settings.embeddingDim(),
                settings.vocabularySize(),
                EXPERTS,
                settings.hiddenSizes(),
                settings.space().taskCount(),
                settings.towerSizes(),
                workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact, with the optimiser state when the artifact has it.
     *
     * @throws IllegalArgumentException when the artifact is not an MMoE model or its network does
     *     not have the shape its header describes
     */
    public static MmoeModel restore(ModelArtifact artifact) {
        return new MmoeModel(artifact.settings(), restoreGraph(artifact, ModelType.MMOE, LAYOUT));
    }

    /** Parameter count implied by the settings: embedding, 4 experts, gates, towers. */
    public static long expectedParameterCount(ModelSettings settings) {
        return expectedParameterCount(settings, LAYOUT);
    }

    @Override
    protected ExpertLayout layout() {
        return LAYOUT;
    }
}
