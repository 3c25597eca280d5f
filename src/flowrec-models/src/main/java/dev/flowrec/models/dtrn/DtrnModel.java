package dev.flowrec.models.dtrn;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.Architecture;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTRN (Liu et al., CIKM '23) on an MMoE backbone, on FlowRec's trainer: the network of {@link
 * DtrnGraph}, one output per task trained with the weighted binary cross-entropy like
 * Shared-Bottom's (sum over tasks of the batch mean), the scenario an ordinary field.
 *
 * <p>Each example's behaviour sequences come from {@link Batch#sequences()}: embedding rows, oldest
 * first, left-padded with {@link Batch#PADDING}; a padded position is fed as row 0 and masked out
 * of the attention. A batch without sequences is all padding (every interest is 0), so the model
 * still scores events that carry no history. Not thread-safe.
 */
public final class DtrnModel extends GraphModel {
    /**
     * DTRN for the registry: no settings of its own; it needs behaviour sequences in the feature
     * spec.
     */
    public static final Architecture ARCHITECTURE =
            Architecture.withoutOwnSettings(
                    ModelType.DTRN, DtrnGraph::check, DtrnModel::create, DtrnModel::restore);

    private static final Logger LOG = LoggerFactory.getLogger(DtrnModel.class);

    private DtrnModel(ModelSettings settings, ComputationGraph graph) {
        super(settings, graph);
    }

    /** A freshly initialised model with DL4J workspaces enabled. */
    public static DtrnModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /** A freshly initialised model; {@link WorkspaceMode#NONE} gives identical results, slower. */
    public static DtrnModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        checkVocabulary(settings);
        ComputationGraph graph = new ComputationGraph(configuration(settings, workspaceMode));
        graph.init();
        DtrnModel model = new DtrnModel(settings, graph);
        LOG.info(
                "Built DTRN model: {} parameters, {} fields x {} dims over {} rows, {} behaviours x"
                        + " {} items, {} experts {}, towers {}, workspaces {}",
                model.parameterCount(),
                settings.features().fieldCount(),
                settings.embeddingDim(),
                settings.vocabularySize(),
                settings.features().behaviours(),
                settings.features().sequenceLength(),
                DtrnGraph.EXPERTS,
                settings.hiddenSizes(),
                settings.towerSizes(),
                workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact, with the optimiser state when the artifact has it.
     *
     * @throws IllegalArgumentException when the artifact is not a DTRN model or its network does
     *     not have the shape its settings describe
     */
    public static DtrnModel restore(ModelArtifact artifact) {
        checkType(artifact, ModelType.DTRN);
        ModelSettings settings = artifact.settings();
        return new DtrnModel(
                settings, restoreGraph(artifact, ModelType.DTRN, expectedParameterCount(settings)));
    }

    /** Parameters implied by the settings. */
    public static long expectedParameterCount(ModelSettings settings) {
        int hidden =
                settings.hiddenSizes().isEmpty()
                        ? 0
                        : settings.hiddenSizes().get(settings.hiddenSizes().size() - 1);
        return DtrnGraph.parameterCount(settings, towerParameters(settings, hidden));
    }

    private static ComputationGraphConfiguration configuration(
            ModelSettings settings, WorkspaceMode mode) {
        int rows =
                settings.features().fieldCount()
                        + settings.features().behaviours() * settings.features().sequenceLength();
        ComputationGraphConfiguration.GraphBuilder builder =
                embeddedInput(settings, mode, embeddingInit(settings), 0.0, rows);
        return DtrnGraph.configuration(
                settings,
                INPUT,
                FLATTEN,
                builder,
                (task, input, width) -> addTower(builder, settings, task, input, width));
    }

    @Override
    protected INDArray[] inputs(Batch batch) {
        int fields = batch.fields();
        int behaviours = settings().features().behaviours();
        int length = settings().features().sequenceLength();
        boolean hasSequences = batch.behaviours() > 0;
        if (hasSequences
                && (batch.behaviours() != behaviours || batch.sequenceLength() != length)) {
            throw new IllegalArgumentException(
                    "batch has "
                            + batch.behaviours()
                            + " sequences of "
                            + batch.sequenceLength()
                            + " items but the DTRN model reads "
                            + behaviours
                            + " of "
                            + length);
        }
        int width = fields + behaviours * length;
        int vocabulary = vocabularySize();
        float[] rows = new float[batch.size() * width];
        float[] mask = new float[batch.size() * behaviours * length];
        // The same row checks and FLOAT encoding as every other model, then laid out with the
        // sequences.
        float[] features = BatchTensors.rowValues(batch, vocabulary);
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(features, i * fields, rows, i * width, fields);
            for (int b = 0; b < behaviours && hasSequences; b++) {
                for (int l = 0; l < length; l++) {
                    int row = batch.sequenceRow(i, b, l);
                    if (row == Batch.PADDING) {
                        continue;
                    }
                    if (row < 0 || row >= vocabulary) {
                        throw new IllegalArgumentException(
                                "sequence row "
                                        + row
                                        + " of example "
                                        + i
                                        + ", behaviour "
                                        + b
                                        + " is outside the embedding table [0, "
                                        + vocabulary
                                        + ")");
                    }
                    rows[i * width + fields + b * length + l] = row;
                    mask[(i * behaviours + b) * length + l] = 1f;
                }
            }
        }
        return new INDArray[] {
            Nd4j.create(rows, new long[] {batch.size(), width}, DataType.FLOAT),
            Nd4j.create(mask, new long[] {batch.size(), (long) behaviours * length}, DataType.FLOAT)
        };
    }

    @Override
    protected MultiDataSet trainingData(Batch batch) {
        return new MultiDataSet(inputs(batch), BatchTensors.weightedLabels(batch));
    }
}
