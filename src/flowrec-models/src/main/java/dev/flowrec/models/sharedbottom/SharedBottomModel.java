package dev.flowrec.models.sharedbottom;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.Architecture;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.ReplicaInference;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared-Bottom as a DL4J {@link ComputationGraph}:
 *
 * <pre>
 * rows [B, F] ─ embedding [V, E] (one table for all fields) ─ flatten [B, F·E]
 *   ─ shared ReLU MLP (hiddenSizes) ─┬─ task 0 tower (towerSizes, ReLU) ─ sigmoid [B, 1]
 *                                    └─ task 1 tower ...                 ─ sigmoid [B, 1]
 * </pre>
 *
 * The scenario is one of the feature fields, so there are no per-scenario parameters. The loss is
 * binary cross-entropy per task ({@link WeightedBinaryCrossEntropy}), each example weighted by its
 * {@link Batch#weights() weight}, which travels as a second label column rather than a DL4J label
 * mask (M2.1 masks scale logits and square weights; see that class), summed over tasks and divided
 * by the batch size; Adam with the configured learning rate, L2 added to the gradient
 * (PyTorch-style weight decay), FLOAT parameters, initialisation seeded from {@link
 * ModelSettings#seed()}.
 *
 * <p>Traps (DL4J 1.0.0-M2.1): the embedding layer's {@code nIn} is set explicitly and the graph is
 * never given input types, because {@code setInputTypes} with index inputs resets {@code nIn} to 1;
 * {@link #parameterCount()} reads {@code params().length()}, which stays right once custom vertices
 * arrive. Not thread-safe.
 */
public final class SharedBottomModel extends GraphModel {
    /** Shared-Bottom for the registry: no settings of its own. */
    public static final Architecture ARCHITECTURE =
            Architecture.withoutOwnSettings(
                    ModelType.SHARED_BOTTOM,
                    settings -> {},
                    SharedBottomModel::create,
                    SharedBottomModel::restore);

    private static final Logger LOG = LoggerFactory.getLogger(SharedBottomModel.class);

    private SharedBottomModel(ModelSettings settings, ComputationGraph graph) {
        super(settings, graph);
    }

    /** A freshly initialised model with DL4J workspaces enabled (the fast default). */
    public static SharedBottomModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /**
     * A freshly initialised model. {@link WorkspaceMode#NONE} exists as the escape hatch for DL4J
     * 1.0.0-M2.1 crashes under workspaces (a large custom vertex once crashed in libnd4jcpu with
     * them and ran fine without): slower, more memory, identical results.
     */
    public static SharedBottomModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        checkVocabulary(settings);
        ComputationGraph graph = new ComputationGraph(configuration(settings, workspaceMode));
        graph.init();
        SharedBottomModel model = new SharedBottomModel(settings, graph);
        LOG.info(
                "Built Shared-Bottom model: {} parameters, {} fields x {} dims over {} rows, hidden"
                        + " {}, {} towers {}, workspaces {}",
                model.parameterCount(),
                settings.features().fieldCount(),
                settings.embeddingDim(),
                settings.vocabularySize(),
                settings.hiddenSizes(),
                settings.space().taskCount(),
                settings.towerSizes(),
                workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact's DL4J zip, with the optimiser state when the artifact has
     * it.
     *
     * @throws IllegalArgumentException when the artifact is not a Shared-Bottom model or its
     *     network does not have the shape its header describes
     */
    public static SharedBottomModel restore(ModelArtifact artifact) {
        ModelSettings settings = artifact.settings();
        ComputationGraph graph =
                restoreGraph(artifact, ModelType.SHARED_BOTTOM, expectedParameterCount(settings));
        return new SharedBottomModel(settings, graph);
    }

    /** Its forward pass outside DL4J ({@link SharedBottomInference}). */
    @Override
    public Inference inference() {
        return ReplicaInference.unlessUnavailable(
                this, () -> new SharedBottomInference(settings(), graph()));
    }

    /** Parameter count implied by the settings: embedding table, shared MLP, towers. */
    public static long expectedParameterCount(ModelSettings settings) {
        long count = (long) settings.vocabularySize() * settings.embeddingDim();
        long width = (long) settings.features().fieldCount() * settings.embeddingDim();
        for (int h : settings.hiddenSizes()) {
            count += width * h + h;
            width = h;
        }
        return count + towerParameters(settings, width) * settings.space().taskCount();
    }

    static ComputationGraphConfiguration configuration(
            ModelSettings settings, WorkspaceMode workspaceMode) {
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        ComputationGraphConfiguration.GraphBuilder builder = embeddedInput(settings, workspaceMode);
        String previous = FLATTEN;
        int width = fields * dim;
        List<Integer> hidden = settings.hiddenSizes();
        for (int i = 0; i < hidden.size(); i++) {
            String name = "shared_" + i;
            builder.addLayer(name, reluDense(width, hidden.get(i)), previous);
            previous = name;
            width = hidden.get(i);
        }
        String bottom = previous;
        int bottomWidth = width;
        String[] outputs = new String[settings.space().taskCount()];
        for (int t = 0; t < outputs.length; t++) {
            outputs[t] = addTower(builder, settings, t, bottom, bottomWidth);
        }
        return builder.setOutputs(outputs).build();
    }
}
