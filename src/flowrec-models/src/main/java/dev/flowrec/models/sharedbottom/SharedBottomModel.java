package dev.flowrec.models.sharedbottom;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared-Bottom (models.md §5) as a DL4J {@link ComputationGraph}:
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
 * by the batch size; Adam with the
 * configured learning rate, L2 added to the gradient (PyTorch-style weight decay), FLOAT
 * parameters, initialisation seeded from {@link ModelSettings#seed()}.
 *
 * <p>Traps (stack.md §7.3): the embedding layer's {@code nIn} is set explicitly and the graph is
 * never given input types, because {@code setInputTypes} with index inputs resets {@code nIn} to 1;
 * {@link #parameterCount()} reads {@code params().length()}, which stays right once custom
 * vertices arrive. Not thread-safe.
 */
public final class SharedBottomModel implements MultiTaskModel {
    private static final Logger LOG = LoggerFactory.getLogger(SharedBottomModel.class);

    static final String INPUT = "rows";
    static final String EMBEDDING = "embedding";
    static final String FLATTEN = "flatten";

    private final ModelSettings settings;
    private final ComputationGraph graph;
    private final int vocabularySize;

    private SharedBottomModel(ModelSettings settings, ComputationGraph graph) {
        this.settings = settings;
        this.graph = graph;
        this.vocabularySize = settings.vocabularySize();
    }

    /** A freshly initialised model with DL4J workspaces enabled (the fast default). */
    public static SharedBottomModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /**
     * A freshly initialised model. {@link WorkspaceMode#NONE} exists as the escape hatch stack.md
     * §7.3.5 describes (slower, more memory); results are identical.
     */
    public static SharedBottomModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        checkSettings(settings);
        ComputationGraph graph = new ComputationGraph(configuration(settings, workspaceMode));
        graph.init();
        SharedBottomModel model = new SharedBottomModel(settings, graph);
        LOG.info("Built Shared-Bottom model: {} parameters, {} fields x {} dims over {} rows, hidden {}, "
                        + "{} towers {}, workspaces {}",
                model.parameterCount(), settings.features().fieldCount(), settings.embeddingDim(),
                settings.vocabularySize(), settings.hiddenSizes(), settings.space().taskCount(),
                settings.towerSizes(), workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact's DL4J zip, with the optimiser state when the artifact has it.
     *
     * @throws IllegalArgumentException when the artifact is not a Shared-Bottom model or its network
     *     does not have the shape its header describes
     */
    public static SharedBottomModel restore(ModelArtifact artifact) {
        ModelSettings settings = artifact.settings();
        if (settings.type() != ModelType.SHARED_BOTTOM) {
            throw new IllegalArgumentException("artifact holds a " + settings.type().value()
                    + " model, not " + ModelType.SHARED_BOTTOM.value());
        }
        checkSettings(settings);
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(
                    new ByteArrayInputStream(artifact.payload()), artifact.withOptimizerState());
        } catch (IOException e) {
            throw new UncheckedIOException("restoring the DL4J network of a Shared-Bottom artifact failed", e);
        }
        long expected = expectedParameterCount(settings);
        long actual = graph.params().length();
        if (actual != expected) {
            throw new IllegalArgumentException("artifact network has " + actual
                    + " parameters but its header describes a Shared-Bottom model with " + expected);
        }
        return new SharedBottomModel(settings, graph);
    }

    /** Parameter count implied by the settings: embedding table, shared MLP, towers. */
    public static long expectedParameterCount(ModelSettings settings) {
        long count = (long) settings.vocabularySize() * settings.embeddingDim();
        long width = (long) settings.features().fieldCount() * settings.embeddingDim();
        for (int h : settings.hiddenSizes()) {
            count += width * h + h;
            width = h;
        }
        long tower = 0;
        for (int h : settings.towerSizes()) {
            tower += width * h + h;
            width = h;
        }
        tower += width + 1;
        return count + tower * settings.space().taskCount();
    }

    @Override
    public ModelSettings settings() {
        return settings;
    }

    @Override
    public float[][] predict(Batch batch) {
        checkBatch(batch);
        INDArray[] outputs = graph.output(false, BatchTensors.rows(batch, vocabularySize));
        return BatchTensors.probabilities(outputs, batch.size());
    }

    /**
     * One Adam step. Returns DL4J's score of the batch before the step: per task the
     * weight-masked binary cross-entropy summed over examples, summed over tasks, divided by the
     * batch size, plus the L2 penalty {@code l2/2 · ‖W‖²} when l2 is positive.
     */
    @Override
    public double fit(Batch batch) {
        checkBatch(batch);
        graph.fit(BatchTensors.trainingData(batch, vocabularySize));
        return graph.score();
    }

    @Override
    public long parameterCount() {
        return graph.params().length();
    }

    @Override
    public byte[] toBytes(boolean withOptimizerState) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(graph, zip, withOptimizerState);
        } catch (IOException e) {
            throw new UncheckedIOException("serialising the Shared-Bottom network failed", e);
        }
        return new ModelArtifact(settings, withOptimizerState, zip.toByteArray()).toBytes();
    }

    /** The gradient of the batch's loss summed (not averaged) over examples; does not change the model. */
    INDArray summedGradient(Batch batch) {
        checkBatch(batch);
        MultiDataSet data = BatchTensors.trainingData(batch, vocabularySize);
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        try {
            graph.computeGradientAndScore();
            return graph.gradient().gradient().dup();
        } finally {
            graph.clear();
        }
    }

    /** A copy of all parameters, flattened in DL4J's order. */
    INDArray parameters() {
        return graph.params().dup();
    }

    WorkspaceMode workspaceMode() {
        return graph.getConfiguration().getTrainingWorkspaceMode();
    }

    static ComputationGraphConfiguration configuration(ModelSettings settings, WorkspaceMode workspaceMode) {
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(settings.learningRate()))
                .l2(settings.l2())
                .trainingWorkspaceMode(workspaceMode)
                .inferenceWorkspaceMode(workspaceMode)
                .graphBuilder()
                .addInputs(INPUT);
        // NWC output puts each example's F embeddings next to each other, so the reshape to
        // [B, F·E] is the plain field-by-field concatenation.
        builder.addLayer(EMBEDDING, new EmbeddingSequenceLayer.Builder()
                .nIn(settings.vocabularySize())
                .nOut(dim)
                .inputLength(fields)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .outputDataFormat(RNNFormat.NWC)
                .build(), INPUT);
        builder.addVertex(FLATTEN, new ReshapeVertex('c', new int[] {-1, fields * dim}, null), EMBEDDING);
        String previous = FLATTEN;
        int width = fields * dim;
        List<Integer> hidden = settings.hiddenSizes();
        for (int i = 0; i < hidden.size(); i++) {
            String name = "shared_" + i;
            builder.addLayer(name, dense(width, hidden.get(i)), previous);
            previous = name;
            width = hidden.get(i);
        }
        String bottom = previous;
        int bottomWidth = width;
        String[] outputs = new String[settings.space().taskCount()];
        for (int t = 0; t < outputs.length; t++) {
            previous = bottom;
            width = bottomWidth;
            List<Integer> tower = settings.towerSizes();
            for (int i = 0; i < tower.size(); i++) {
                String name = "tower_" + t + "_" + i;
                builder.addLayer(name, dense(width, tower.get(i)), previous);
                previous = name;
                width = tower.get(i);
            }
            outputs[t] = "task_" + t;
            builder.addLayer(outputs[t], new OutputLayer.Builder()
                    .lossFunction(new WeightedBinaryCrossEntropy())
                    .nIn(width)
                    .nOut(1)
                    .activation(Activation.SIGMOID)
                    .weightInit(WeightInit.XAVIER)
                    .build(), previous);
        }
        return builder.setOutputs(outputs).build();
    }

    private static DenseLayer dense(int nIn, int nOut) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(Activation.RELU).weightInit(WeightInit.RELU)
                .build();
    }

    private static void checkSettings(ModelSettings settings) {
        int vocabulary = settings.vocabularySize();
        if (vocabulary > BatchTensors.MAX_VOCABULARY) {
            throw new IllegalArgumentException("embedding table of " + vocabulary + " rows exceeds "
                    + BatchTensors.MAX_VOCABULARY + ", the most FLOAT row indices address exactly; lower "
                    + "model.hash-buckets or the number of fields");
        }
    }

    private void checkBatch(Batch batch) {
        if (batch.fields() != settings.features().fieldCount() || batch.tasks() != settings.space().taskCount()) {
            throw new IllegalArgumentException("batch has " + batch.fields() + " fields and " + batch.tasks()
                    + " tasks but the model expects " + settings.features().fieldCount() + " and "
                    + settings.space().taskCount());
        }
    }
}
