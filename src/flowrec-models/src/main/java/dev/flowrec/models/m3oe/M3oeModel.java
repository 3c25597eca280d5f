package dev.flowrec.models.m3oe;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.events.M3oeStateRecord;
import dev.flowrec.models.Architecture;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.RecordFrame;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * M3oE (SIGIR '24) on FlowRec's trainer: the network of {@link M3oeGraph}, one sigmoid output per
 * (scenario, task) pair, and an example's prediction for task m read from the pair of its own
 * scenario.
 *
 * <p><b>Loss</b>, as in the reference code: binary cross-entropy averaged within each (scenario,
 * task) group of the batch and summed over groups. DL4J sums each output's weighted per-example
 * losses and divides by the batch size B, so an example of group g trains pair g's output with
 * weight {@code w · B / Σ_{i∈g} w_i} and every other output with weight 0; a group whose weights
 * sum to 0 (absent from the batch, or no label yet) contributes nothing, instead of the reference's
 * NaN. Normalising by the summed weights keeps a weight of 2 equal to a duplicated example.
 *
 * <p><b>Structure weights</b> (the reference code's DARTS-style structure search): their own Adam
 * ({@link StructureOptimizer}) steps on the whole-batch loss (every labelled example at its own
 * pair, weight 1/M, no grouping) before every {@code structureStepInterval}-th training batch is
 * trained on. In reference-parity mode the main Adam also trains them on every batch (the
 * reference's optimiser-filter quirk) and the interval plays the role of "once per epoch"; in
 * first-order mode the main optimiser leaves them alone and the batch they step on has not been
 * trained on yet, a held-out batch as first-order DARTS wants.
 *
 * <p>Not thread-safe.
 */
public final class M3oeModel extends GraphModel {
    /**
     * M3oE for the registry: {@code model.m3oe.*} settings, in its state block with the structure
     * optimiser.
     */
    public static final Architecture ARCHITECTURE =
            new Architecture(
                    ModelType.M3OE,
                    M3oeSettings.class,
                    M3oeSettings.defaults(),
                    M3oeSettings::from,
                    state -> M3oeSettings.fromRecord(readState(state).getSettings()),
                    M3oeGraph::check,
                    M3oeModel::create,
                    M3oeModel::restore);

    private static final Logger LOG = LoggerFactory.getLogger(M3oeModel.class);

    private final StructureOptimizer structure;

    private M3oeModel(ModelSettings settings, ComputationGraph graph) {
        super(settings, graph);
        M3oeSettings own = M3oeSettings.of(settings);
        this.structure =
                new StructureOptimizer(
                        own.structureLearningRate(),
                        settings.l2(),
                        own.structureStepInterval(),
                        TwoLevelFusionParams.STRUCTURE_WEIGHTS);
    }

    /** A freshly initialised model with DL4J workspaces enabled. */
    public static M3oeModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /** A freshly initialised model; {@link WorkspaceMode#NONE} gives identical results, slower. */
    public static M3oeModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        checkVocabulary(settings);
        ComputationGraph graph =
                new ComputationGraph(
                        M3oeGraph.configuration(
                                settings,
                                workspaceMode,
                                FLATTEN,
                                embeddedInput(
                                        settings,
                                        workspaceMode,
                                        M3oeGraph.embeddingInit(settings),
                                        settings.l2())));
        graph.init();
        M3oeModel model = new M3oeModel(settings, graph);
        M3oeSettings own = M3oeSettings.of(settings);
        LOG.info(
                "Built M3oE model: {} parameters ({} in the reference's counting), {} fields x {}"
                        + " dims over {} rows + {} dense, sizes {}, towers {}, {} pairs, structure"
                        + " update {} every {} batches, workspaces {}",
                model.parameterCount(),
                M3oeGraph.referenceParameterCount(settings),
                settings.features().fieldCount(),
                settings.embeddingDim(),
                settings.vocabularySize(),
                own.denseInputs(),
                settings.hiddenSizes(),
                settings.towerSizes(),
                settings.space().scenarioCount() * settings.space().taskCount(),
                own.structureUpdate().value(),
                own.structureStepInterval(),
                workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact, with the optimiser states when the artifact has them.
     *
     * @throws IllegalArgumentException when the artifact is not an M3oE model or its network does
     *     not have the shape its settings describe
     */
    public static M3oeModel restore(ModelArtifact artifact) {
        checkType(artifact, ModelType.M3OE);
        ModelSettings settings = artifact.settings();
        M3oeModel model =
                new M3oeModel(
                        settings,
                        restoreGraph(artifact, ModelType.M3OE, M3oeGraph.parameterCount(settings)));
        model.structure.readFrom(readState(artifact.modelState()));
        return model;
    }

    private static M3oeStateRecord readState(byte[] state) {
        return RecordFrame.decodeBlock(state, M3oeStateRecord.getClassSchema());
    }

    /** Parameters of the DL4J network for these settings. */
    public static long expectedParameterCount(ModelSettings settings) {
        return M3oeGraph.parameterCount(settings);
    }

    /**
     * What the reference PyTorch code would count for these settings (788,146 for the ML-1M
     * defaults): the DL4J count plus one never-learning bias per Linear+LayerNorm block.
     */
    public static long referenceParameterCount(ModelSettings settings) {
        return M3oeGraph.referenceParameterCount(settings);
    }

    /** The structure weights after their sigmoid, in the order α_d, α_t, β_d, β_t. */
    public double[] structureWeights() {
        double[] raw = rawStructure();
        for (int i = 0; i < raw.length; i++) {
            raw[i] = 1.0 / (1.0 + Math.exp(-raw[i]));
        }
        return raw;
    }

    /** Steps the structure optimiser has taken. */
    public long structureSteps() {
        return structure.steps();
    }

    @Override
    public double fit(Batch batch) {
        checkBatch(settings(), batch);
        if (structure.stepDue()) {
            stepStructure(batch);
        }
        return super.fit(batch);
    }

    @Override
    protected INDArray[] inputs(Batch batch) {
        int dense = M3oeSettings.of(settings()).denseInputs();
        if (batch.denseWidth() != dense) {
            throw new IllegalArgumentException(
                    "batch has "
                            + batch.denseWidth()
                            + " dense values per example but "
                            + "the M3oE model expects "
                            + dense);
        }
        INDArray rows = BatchTensors.rows(batch, vocabularySize());
        INDArray domain = oneHot(batch, settings().space().scenarioCount());
        if (dense == 0) {
            return new INDArray[] {rows, domain};
        }
        INDArray values =
                Nd4j.create(batch.dense(), new long[] {batch.size(), dense}, DataType.FLOAT);
        return new INDArray[] {rows, values, domain};
    }

    @Override
    protected MultiDataSet trainingData(Batch batch) {
        return new MultiDataSet(inputs(batch), pairLabels(batch, true));
    }

    @Override
    protected float[][] probabilities(INDArray[] outputs, Batch batch) {
        int domains = settings().space().scenarioCount();
        int tasks = batch.tasks();
        float[][] columns = new float[outputs.length][];
        for (int p = 0; p < outputs.length; p++) {
            columns[p] = outputs[p].reshape(batch.size()).toFloatVector();
        }
        float[][] probs = new float[batch.size()][tasks];
        for (int i = 0; i < batch.size(); i++) {
            for (int m = 0; m < tasks; m++) {
                probs[i][m] = columns[m * domains + batch.scenarios()[i]][i];
            }
        }
        return probs;
    }

    @Override
    protected byte[] modelState() {
        return RecordFrame.encodeBlock(
                structure
                        .writeTo(
                                M3oeStateRecord.newBuilder()
                                        .setSettings(M3oeSettings.of(settings()).toRecord()))
                        .build());
    }

    /**
     * Per pair p = (k, m), a {@code [B, 2]} array of label and weight: examples of scenario k carry
     * their task-m weight, scaled so the output's loss is the group mean ({@code grouped}) or the
     * whole-batch mean over B·M values (not grouped); everyone else weight 0.
     */
    private INDArray[] pairLabels(Batch batch, boolean grouped) {
        int n = batch.size();
        int domains = settings().space().scenarioCount();
        int tasks = batch.tasks();
        double[][] groupWeight = new double[domains][tasks];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < tasks; m++) {
                groupWeight[batch.scenarios()[i]][m] += batch.weight(i, m);
            }
        }
        INDArray[] labels = new INDArray[domains * tasks];
        for (int p = 0; p < labels.length; p++) {
            int k = p % domains;
            int m = p / domains;
            double scale =
                    grouped ? (groupWeight[k][m] > 0 ? n / groupWeight[k][m] : 0.0) : 1.0 / tasks;
            float[] pairs = new float[2 * n];
            for (int i = 0; i < n; i++) {
                if (batch.scenarios()[i] == k) {
                    pairs[2 * i] = batch.label(i, m);
                    pairs[2 * i + 1] = (float) (batch.weight(i, m) * scale);
                }
            }
            labels[p] = Nd4j.create(pairs, new long[] {n, 2}, DataType.FLOAT);
        }
        return labels;
    }

    /** One step of the structure optimiser on the batch's whole-batch loss. */
    private void stepStructure(Batch batch) {
        ComputationGraph graph = graph();
        graph.setInputs(inputs(batch));
        graph.setLabels(pairLabels(batch, false));
        double[] gradient;
        try {
            graph.computeGradientAndScore();
            INDArray summed =
                    graph.gradient()
                            .getGradientFor(
                                    M3oeGraph.FUSION + "_" + TwoLevelFusionParams.STRUCTURE);
            gradient = summed.castTo(DataType.DOUBLE).div(batch.size()).toDoubleVector();
        } finally {
            graph.clear();
        }
        double[] raw = rawStructure();
        structure.step(raw, gradient);
        INDArray params = structureParams();
        for (int i = 0; i < raw.length; i++) {
            params.putScalar(0, i, raw[i]);
        }
    }

    private INDArray structureParams() {
        return graph().getLayer(M3oeGraph.FUSION).getParam(TwoLevelFusionParams.STRUCTURE);
    }

    private double[] rawStructure() {
        return structureParams().castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static INDArray oneHot(Batch batch, int scenarios) {
        float[] hot = new float[batch.size() * scenarios];
        for (int i = 0; i < batch.size(); i++) {
            int s = batch.scenarios()[i];
            if (s < 0 || s >= scenarios) {
                throw new IllegalArgumentException(
                        "example " + i + " has scenario " + s + ", outside [0, " + scenarios + ")");
            }
            hot[i * scenarios + s] = 1f;
        }
        return Nd4j.create(hot, new long[] {batch.size(), scenarios}, DataType.FLOAT);
    }
}
