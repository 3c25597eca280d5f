package dev.flowrec.models.mmoe;

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
import java.util.ArrayList;
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

/**
 * The one-level mixture-of-experts network behind {@link MmoeModel} and {@code PleModel}
 * (models.md §5), as a DL4J {@link ComputationGraph}:
 *
 * <pre>
 * rows [B, F] ─ embedding [V, E] ─ flatten x [B, F·E]
 *   ─ experts: shared S, and per task P specific; each a ReLU MLP (hiddenSizes) → [B, d]
 *   ─ per task t: gate softmax(Linear(x → P + S)) [B, P + S]
 *                 mixture Σ_k gate_k · expert_k over (t's specific, then shared) ({@link MixtureVertex}) [B, d]
 *                 tower (towerSizes, ReLU) ─ sigmoid [B, 1]
 * </pre>
 *
 * Everything else is Shared-Bottom's: one embedding table over all fields, the scenario only as a
 * feature, {@link WeightedBinaryCrossEntropy} per task with per-example weights as a second label
 * column, summed over tasks and divided by the batch size; Adam, L2, FLOAT, seeded initialisation;
 * embedding {@code nIn} set explicitly and no {@code setInputTypes} (stack.md §7.3.4); {@link
 * #parameterCount()} from {@code params().length()}. Not thread-safe.
 */
public abstract class ExpertMixtureModel implements MultiTaskModel {
    static final String INPUT = "rows";
    static final String EMBEDDING = "embedding";
    static final String FLATTEN = "flatten";

    private final ModelSettings settings;
    private final ComputationGraph graph;
    private final int vocabularySize;

    protected ExpertMixtureModel(ModelSettings settings, ComputationGraph graph) {
        this.settings = settings;
        this.graph = graph;
        this.vocabularySize = settings.vocabularySize();
    }

    /** A fresh, initialised graph for the layout. */
    protected static ComputationGraph newGraph(ModelSettings settings, ExpertLayout layout,
            WorkspaceMode workspaceMode) {
        checkSettings(settings);
        ComputationGraph graph = new ComputationGraph(configuration(settings, layout, workspaceMode));
        graph.init();
        return graph;
    }

    /**
     * The graph of an artifact, checked against the expected type and the parameter count that the
     * header's settings imply.
     */
    protected static ComputationGraph restoreGraph(ModelArtifact artifact, ModelType type, ExpertLayout layout) {
        ModelSettings settings = artifact.settings();
        if (settings.type() != type) {
            throw new IllegalArgumentException("artifact holds a " + settings.type().value() + " model, not "
                    + type.value());
        }
        checkSettings(settings);
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(
                    new ByteArrayInputStream(artifact.payload()), artifact.withOptimizerState());
        } catch (IOException e) {
            throw new UncheckedIOException("restoring the DL4J network of a " + type.value() + " artifact failed", e);
        }
        long expected = expectedParameterCount(settings, layout);
        long actual = graph.params().length();
        if (actual != expected) {
            throw new IllegalArgumentException("artifact network has " + actual + " parameters but its header "
                    + "describes a " + type.value() + " model with " + expected);
        }
        return graph;
    }

    /** Parameter count implied by the settings and layout: embedding, experts, gates, towers. */
    public static long expectedParameterCount(ModelSettings settings, ExpertLayout layout) {
        int tasks = settings.space().taskCount();
        long input = (long) settings.features().fieldCount() * settings.embeddingDim();
        long count = (long) settings.vocabularySize() * settings.embeddingDim();
        long expert = 0;
        long width = input;
        for (int h : settings.hiddenSizes()) {
            expert += width * h + h;
            width = h;
        }
        count += expert * layout.totalExperts(tasks);
        count += tasks * (input * layout.expertsPerGate() + layout.expertsPerGate());
        long tower = 0;
        for (int h : settings.towerSizes()) {
            tower += width * h + h;
            width = h;
        }
        tower += width + 1;
        return count + tower * tasks;
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
     * batch size, plus the L2 penalty when l2 is positive.
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
            throw new UncheckedIOException("serialising the " + settings.type().value() + " network failed", e);
        }
        return new ModelArtifact(settings, withOptimizerState, zip.toByteArray()).toBytes();
    }

    /** A copy of all parameters, flattened in DL4J's order (for tests and diagnostics). */
    public INDArray parameters() {
        return graph.params().dup();
    }

    /** The workspace mode the graph trains with. */
    public WorkspaceMode workspaceMode() {
        return graph.getConfiguration().getTrainingWorkspaceMode();
    }

    /** The gradient of the batch's loss summed (not averaged) over examples; does not change the model. */
    public INDArray summedGradient(Batch batch) {
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

    /** Each task's gate weights, {@code [task] -> [B, own specific experts then shared]}, for diagnostics. */
    public List<INDArray> gateWeights(Batch batch) {
        checkBatch(batch);
        var activations = graph.feedForward(new INDArray[] {BatchTensors.rows(batch, vocabularySize)}, false);
        List<INDArray> gates = new ArrayList<>();
        for (int t = 0; t < settings.space().taskCount(); t++) {
            gates.add(activations.get(gateName(t)).dup());
        }
        return gates;
    }

    static String gateName(int task) {
        return "gate_" + task;
    }

    static ComputationGraphConfiguration configuration(ModelSettings settings, ExpertLayout layout,
            WorkspaceMode workspaceMode) {
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        int tasks = settings.space().taskCount();
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
        // [B, F·E] is the plain field-by-field concatenation (as in Shared-Bottom).
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
        int input = fields * dim;
        List<Integer> hidden = settings.hiddenSizes();
        int expertWidth = hidden.get(hidden.size() - 1);

        List<String> shared = new ArrayList<>();
        for (int e = 0; e < layout.shared(); e++) {
            shared.add(addExpert(builder, "expert_shared_" + e, input, hidden));
        }
        String[] outputs = new String[tasks];
        for (int t = 0; t < tasks; t++) {
            List<String> mixed = new ArrayList<>();
            for (int e = 0; e < layout.specificPerTask(); e++) {
                mixed.add(addExpert(builder, "expert_task_" + t + "_" + e, input, hidden));
            }
            mixed.addAll(shared);
            String gate = gateName(t);
            builder.addLayer(gate, new DenseLayer.Builder().nIn(input).nOut(mixed.size())
                    .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), FLATTEN);
            String mixture = "mixture_" + t;
            List<String> mixtureInputs = new ArrayList<>();
            mixtureInputs.add(gate);
            mixtureInputs.addAll(mixed);
            builder.addVertex(mixture, new MixtureVertex(mixed.size(), expertWidth),
                    mixtureInputs.toArray(String[]::new));
            String previous = mixture;
            int width = expertWidth;
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

    private static String addExpert(ComputationGraphConfiguration.GraphBuilder builder, String prefix, int input,
            List<Integer> hidden) {
        String previous = FLATTEN;
        int width = input;
        for (int i = 0; i < hidden.size(); i++) {
            String name = prefix + "_" + i;
            builder.addLayer(name, dense(width, hidden.get(i)), previous);
            previous = name;
            width = hidden.get(i);
        }
        return previous;
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
        if (settings.hiddenSizes().isEmpty()) {
            throw new IllegalArgumentException(settings.type().value() + " needs at least one expert layer "
                    + "(model.hidden-sizes), got none: experts without layers would all equal the embedding");
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
