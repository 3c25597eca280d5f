package dev.flowrec.models;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * What every model built as one DL4J {@link ComputationGraph} over the global embedding shares:
 * scoring, one training step, parameter count, serialisation into a {@link ModelArtifact}, and the
 * checks on settings and batches. Subclasses only build their graph (Shared-Bottom, MMoE, PLE).
 */
public abstract class GraphModel implements MultiTaskModel {
    /** Graph names; they are inside every saved network, so never rename them. */
    protected static final String INPUT = "rows";

    protected static final String EMBEDDING = "embedding";
    protected static final String FLATTEN = "flatten";

    private final ModelSettings settings;
    private final ComputationGraph graph;
    private final int vocabularySize;

    protected GraphModel(ModelSettings settings, ComputationGraph graph) {
        this.settings = settings;
        this.graph = graph;
        this.vocabularySize = settings.vocabularySize();
    }

    @Override
    public ModelSettings settings() {
        return settings;
    }

    @Override
    public float[][] predict(Batch batch) {
        checkBatch(settings, batch);
        return probabilities(graph.output(false, inputs(batch)), batch);
    }

    /**
     * One Adam step. Returns DL4J's score of the batch before the step: per task the weight-masked
     * binary cross-entropy summed over examples, summed over tasks, divided by the batch size, plus
     * the L2 penalty {@code l2/2 · ‖W‖²} when l2 is positive.
     */
    @Override
    public double fit(Batch batch) {
        checkBatch(settings, batch);
        graph.fit(trainingData(batch));
        return graph.score();
    }

    @Override
    public long parameterCount() {
        return graph.params().length();
    }

    @Override
    public boolean hasFiniteParameters() {
        return finite(graph);
    }

    /** What {@link MultiTaskModel#hasFiniteParameters()} says of a graph's parameters. */
    public static boolean finite(ComputationGraph graph) {
        return Double.isFinite(graph.params().sumNumber().doubleValue());
    }

    /** The dense layers; a model with custom vertices adds theirs. */
    @Override
    public long forwardFlopsPerExample() {
        return ForwardFlops.ofDenseLayers(graph.getConfiguration());
    }

    @Override
    public int[][] denseProducts() {
        return ForwardFlops.denseProducts(graph.getConfiguration());
    }

    @Override
    public byte[] toBytes(boolean withOptimizerState) {
        return artifactBytes(settings, graph, withOptimizerState, modelState());
    }

    @Override
    public Supplier<byte[]> checkpointLater() {
        return artifactLater(settings, graph, modelState());
    }

    /**
     * {@link #artifactBytes} with the optimiser state, of the network as it is now, written when
     * the supplier runs: the configuration, parameters and updater state are copied now (a memory
     * copy), the zip is built from a network rebuilt from the copies, on whichever thread asks.
     */
    public static Supplier<byte[]> artifactLater(
            ModelSettings settings, ComputationGraph graph, byte[] modelState) {
        ComputationGraphConfiguration configuration = graph.getConfiguration().clone();
        // Adam's bias correction reads these; the configuration's clone does not copy them.
        configuration.setIterationCount(graph.getConfiguration().getIterationCount());
        configuration.setEpochCount(graph.getConfiguration().getEpochCount());
        INDArray params = graph.params().dup();
        INDArray updaterState = graph.getUpdater().getStateViewArray();
        INDArray updater = updaterState == null ? null : updaterState.dup();
        return () -> {
            ComputationGraph copy = new ComputationGraph(configuration);
            copy.init(params, false);
            if (updater != null) {
                copy.getUpdater().getStateViewArray().assign(updater);
            }
            return artifactBytes(settings, copy, true, modelState);
        };
    }

    /** A network and the model's own state as a {@link ModelArtifact}'s bytes. */
    public static byte[] artifactBytes(
            ModelSettings settings,
            ComputationGraph graph,
            boolean withOptimizerState,
            byte[] modelState) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(graph, zip, withOptimizerState);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "serialising the " + settings.type().value() + " network failed", e);
        }
        return new ModelArtifact(settings, withOptimizerState, modelState, zip.toByteArray())
                .toBytes();
    }

    /**
     * The graph's inputs for a batch; one {@code [B, F]} array of embedding rows unless overridden.
     */
    protected INDArray[] inputs(Batch batch) {
        return new INDArray[] {BatchTensors.rows(batch, vocabularySize)};
    }

    /** Inputs and labels of one training step; one output per task unless overridden. */
    protected MultiDataSet trainingData(Batch batch) {
        return BatchTensors.trainingData(batch, vocabularySize);
    }

    /**
     * {@code [example][task]} probabilities from the graph's outputs; one output per task unless
     * overridden.
     */
    protected float[][] probabilities(INDArray[] outputs, Batch batch) {
        return BatchTensors.probabilities(outputs, batch.size());
    }

    /**
     * What the model keeps besides its network, written into its artifact; nothing unless
     * overridden.
     */
    protected byte[] modelState() {
        return new byte[0];
    }

    /**
     * The gradient of the batch's loss summed (not averaged) over examples; does not change the
     * model.
     */
    public INDArray summedGradient(Batch batch) {
        checkBatch(settings, batch);
        MultiDataSet data = trainingData(batch);
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        try {
            graph.computeGradientAndScore();
            return graph.gradient().gradient().dup();
        } finally {
            graph.clear();
        }
    }

    /** A copy of all parameters, flattened in DL4J's order (for tests and diagnostics). */
    public INDArray parameters() {
        return graph.params().dup();
    }

    /** The workspace mode the graph trains with. */
    public WorkspaceMode workspaceMode() {
        return graph.getConfiguration().getTrainingWorkspaceMode();
    }

    protected ComputationGraph graph() {
        return graph;
    }

    protected int vocabularySize() {
        return vocabularySize;
    }

    /**
     * The network of an artifact, checked against the expected model type and the parameter count
     * that the header's settings imply.
     */
    public static ComputationGraph restoreGraph(
            ModelArtifact artifact, ModelType type, long expectedParameters) {
        checkType(artifact, type);
        checkVocabulary(artifact.settings());
        ComputationGraph graph;
        try {
            graph =
                    ModelSerializer.restoreComputationGraph(
                            new ByteArrayInputStream(artifact.payload()),
                            artifact.withOptimizerState());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "restoring the DL4J network of a " + type.value() + " artifact failed", e);
        }
        long actual = graph.params().length();
        if (actual != expectedParameters) {
            throw new IllegalArgumentException(
                    "artifact network has "
                            + actual
                            + " parameters but its header "
                            + "describes a "
                            + type.value()
                            + " model with "
                            + expectedParameters);
        }
        return graph;
    }

    /** An artifact must hold a model of the type restoring it. */
    public static void checkType(ModelArtifact artifact, ModelType type) {
        if (artifact.settings().type() != type) {
            throw new IllegalArgumentException(
                    "artifact holds a "
                            + artifact.settings().type().value()
                            + " model, not "
                            + type.value());
        }
    }

    /** Row indices travel as FLOAT, so the table must stay within what FLOAT addresses exactly. */
    public static void checkVocabulary(ModelSettings settings) {
        int vocabulary = settings.vocabularySize();
        if (vocabulary > BatchTensors.MAX_VOCABULARY) {
            throw new IllegalArgumentException(
                    "embedding table of "
                            + vocabulary
                            + " rows exceeds "
                            + BatchTensors.MAX_VOCABULARY
                            + ", the most FLOAT row indices address exactly; lower "
                            + "model.hash-buckets or the number of fields");
        }
    }

    /** A batch must have the model's field and task counts. */
    public static void checkBatch(ModelSettings settings, Batch batch) {
        if (batch.fields() != settings.features().fieldCount()
                || batch.tasks() != settings.space().taskCount()) {
            throw new IllegalArgumentException(
                    "batch has "
                            + batch.fields()
                            + " fields and "
                            + batch.tasks()
                            + " tasks but the model expects "
                            + settings.features().fieldCount()
                            + " and "
                            + settings.space().taskCount());
        }
    }

    /**
     * The start of every graph here: Adam, L2, seed and FLOAT, then the global embedding looked up
     * for each example's F rows and flattened to [B, F·E] ({@link #FLATTEN}). NWC output puts each
     * example's F embeddings side by side, so the reshape is the plain field-by-field
     * concatenation; nIn is explicit because setInputTypes(InputType.feedForward(1), ...) silently
     * resets an EmbeddingLayer's nIn to 1 in DL4J 1.0.0-M2.1.
     */
    protected static ComputationGraphConfiguration.GraphBuilder embeddedInput(
            ModelSettings settings, WorkspaceMode workspaceMode) {
        return embeddedInput(settings, workspaceMode, embeddingInit(settings), 0.0);
    }

    /**
     * {@link #embeddedInput(ModelSettings, WorkspaceMode)} with another initialisation of the
     * embedding table and an L2 penalty on biases too (PyTorch's Adam weight decay, which the M3oE
     * reference uses, decays every parameter; DL4J's l2 only weights).
     */
    protected static ComputationGraphConfiguration.GraphBuilder embeddedInput(
            ModelSettings settings,
            WorkspaceMode workspaceMode,
            IWeightInit embeddingInit,
            double l2Bias) {
        return embeddedInput(
                settings, workspaceMode, embeddingInit, l2Bias, settings.features().fieldCount());
    }

    /**
     * The same with {@code rows} embedding rows looked up per example instead of one per field
     * (DTRN appends its behaviour sequences' items, which share the table).
     */
    protected static ComputationGraphConfiguration.GraphBuilder embeddedInput(
            ModelSettings settings,
            WorkspaceMode workspaceMode,
            IWeightInit embeddingInit,
            double l2Bias,
            int rows) {
        int fields = rows;
        int dim = settings.embeddingDim();
        NeuralNetConfiguration.Builder network = new NeuralNetConfiguration.Builder();
        if (l2Bias > 0.0) {
            network.l2Bias(l2Bias);
        }
        ComputationGraphConfiguration.GraphBuilder builder =
                network.seed(settings.seed())
                        .dataType(DataType.FLOAT)
                        .updater(new Adam(settings.learningRate()))
                        .l2(settings.l2())
                        .trainingWorkspaceMode(workspaceMode)
                        .inferenceWorkspaceMode(workspaceMode)
                        .graphBuilder()
                        .addInputs(INPUT);
        builder.addLayer(
                EMBEDDING,
                new EmbeddingSequenceLayer.Builder()
                        .nIn(settings.vocabularySize())
                        .nOut(dim)
                        .inputLength(fields)
                        .hasBias(false)
                        .activation(Activation.IDENTITY)
                        .weightInit(embeddingInit)
                        .outputDataFormat(RNNFormat.NWC)
                        .build(),
                INPUT);
        builder.addVertex(
                FLATTEN, new ReshapeVertex('c', new int[] {-1, fields * dim}, null), EMBEDDING);
        return builder;
    }

    /**
     * Xavier-uniform over the whole table, U(±√(6/(V+E))), as the reference initialises its
     * embedding. DL4J's own XAVIER_UNIFORM cannot be used here: for an embedding layer it takes
     * fan-in as 1 (one index per lookup), which gives U(±√(6/(1+E))), about 28 times wider for
     * MovieLens-1M, and a table that large drowns what Adam can learn at the reference rate.
     */
    public static IWeightInit embeddingInit(ModelSettings settings) {
        double bound = Math.sqrt(6.0 / (settings.vocabularySize() + settings.embeddingDim()));
        return new WeightInitDistribution(new UniformDistribution(-bound, bound));
    }

    /**
     * One task's tower on {@code input} of {@code width}: {@code towerSizes} ReLU layers named
     * {@code tower_<task>_<i>}, then the sigmoid output {@code task_<task>} trained with {@link
     * WeightedBinaryCrossEntropy}. Returns the output's name.
     */
    protected static String addTower(
            ComputationGraphConfiguration.GraphBuilder builder,
            ModelSettings settings,
            int task,
            String input,
            int width) {
        String previous = input;
        for (int i = 0; i < settings.towerSizes().size(); i++) {
            String name = "tower_" + task + "_" + i;
            builder.addLayer(name, reluDense(width, settings.towerSizes().get(i)), previous);
            previous = name;
            width = settings.towerSizes().get(i);
        }
        String output = "task_" + task;
        builder.addLayer(
                output,
                new OutputLayer.Builder()
                        .lossFunction(new WeightedBinaryCrossEntropy())
                        .nIn(width)
                        .nOut(1)
                        .activation(Activation.SIGMOID)
                        .weightInit(WeightInit.XAVIER)
                        .build(),
                previous);
        return output;
    }

    /**
     * Parameters of one task tower ({@code towerSizes} ReLU layers, then one logit) on an input of
     * {@code width}.
     */
    protected static long towerParameters(ModelSettings settings, long width) {
        long tower = 0;
        for (int h : settings.towerSizes()) {
            tower += width * h + h;
            width = h;
        }
        return tower + width + 1;
    }

    /** A ReLU layer with He initialisation, the hidden layer of every MLP here. */
    protected static DenseLayer reluDense(int nIn, int nOut) {
        return new DenseLayer.Builder()
                .nIn(nIn)
                .nOut(nOut)
                .activation(Activation.RELU)
                .weightInit(WeightInit.RELU)
                .build();
    }
}
