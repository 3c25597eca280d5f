package dev.flowrec.models.autoifs;

import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The AutoIFS network as a DL4J graph, with the forward pass and flow-selection network of the
 * authors' code (github.com/ChaohuaYang/AutoIFS):
 *
 * <pre>
 * rows [B,F] ─ embedding [V,E] ─ flatten ─ bottom_0..n (ReLU) ─────────────┐ z
 * scenario [B,K] one-hot ────────────────────────────────────────────────┤
 * rows ─ gate_embedding [V,E] ─ gate_flatten ─ gate_bottom_0..n ─ gate_head ┤ w [B,4M]
 * control [B,2] (τ, hard flag) ──────────────────────────────────────────┤
 *                                        flows_input (merge) ─ flows (FlowSelection) [B,M] logits
 *                                 ─ logit_m (subset) ─ task_m (sigmoid loss layer), one per task
 * </pre>
 *
 * <p>Why the gate network has its own embedding table: the reference feeds it the main embedding
 * with the gradient stopped during search, and a frozen copy of that embedding afterwards. Here the
 * model copies the main table into {@code gate_embedding} after every search step, which gives the
 * gate network exactly the detached main embedding, and stops copying when the search ends, which
 * leaves exactly the frozen copy. The table is never trained: its updater is SGD with learning rate
 * 0. (A stop-gradient inside SameDiff would need the lookup there, and SameDiff's gather cannot be
 * trained in M2.1.)
 *
 * <p>Optimisers: main layers and the flows layer use the global Adam at the model learning rate
 * with L2 on weights; the gate layers ({@code gate_*}) have their own Adam at {@code
 * gateLearningRateFactor ×} that rate and no L2. L2 is set per layer, never globally, because DL4J
 * copies global regularisation into every layer that has none of its own, gate layers included.
 * Initialisation: embeddings Xavier-uniform over the whole table as in the reference ({@link
 * GraphModel#embeddingInit}); the MLPs use DL4J's {@code UNIFORM} (±1/√fan-in, PyTorch's default
 * for Linear weights; biases start at 0, unlike PyTorch's default); the flows layer initialises its
 * own parameters. Zero biases are measured, not assumed: on B1, drawing the MLP and gate-head
 * biases from U(±1/√fan-in) instead put the search's mean validation AUC at 0.7938/0.7944 after
 * search epochs 2/3, against 0.7959/0.7997 with zero biases and the reference run's 0.7946/0.7976.
 * The caller chooses the workspace mode; {@link AutoIfsModel} uses ENABLED.
 */
final class AutoIfsGraph {
    static final String INPUT_ROWS = "rows";
    static final String INPUT_SCENARIO = "scenario";
    static final String INPUT_CONTROL = "control";
    static final String EMBEDDING = "embedding";
    static final String GATE_PREFIX = "gate_";
    static final String GATE_EMBEDDING = "gate_embedding";
    static final String GATE_HEAD = "gate_head";
    static final String FLOWS = "flows";
    static final String FLOWS_INPUT = "flows_input";

    private AutoIfsGraph() {}

    /** Whether a layer or vertex belongs to the gate network (its embedding table included). */
    static boolean isGate(String name) {
        return name.startsWith(GATE_PREFIX);
    }

    static String output(int task) {
        return "task_" + task;
    }

    /**
     * The network of one phase. Search: the main model at {@code model.learning-rate} and {@code
     * model.l2}, the gate network on its own Adam. Retrain: the main model at the retrain learning
     * rate and L2, and the whole gate branch frozen: its layers in {@link FrozenLayer}, its reshape
     * in a {@link FrozenVertex}. DL4J's graph skips the backward pass of frozen vertices, so the
     * retrain pays only the gate network's forward pass; the reference still back-propagates
     * through its frozen gate network, work whose result is always zero. (Freezing the layers alone
     * fails in M2.1: the reshape below them then receives no gradient.)
     *
     * @param dataType FLOAT for training; DOUBLE for gradient checks
     * @param gradientCheck every updater {@link NoOp} and no L2, which DL4J's gradient checker
     *     requires
     */
    static ComputationGraphConfiguration configuration(
            ModelSettings settings,
            AutoIfsPhase phase,
            WorkspaceMode workspaceMode,
            DataType dataType,
            boolean gradientCheck) {
        AutoIfsSettings a = AutoIfsSettings.of(settings);
        int tasks = settings.space().taskCount();
        int scenarios = settings.space().scenarios().size();
        boolean retrain = phase == AutoIfsPhase.RETRAIN;
        double l2 = gradientCheck ? 0.0 : retrain ? a.retrainL2() : settings.l2();
        double learningRate = retrain ? a.retrainLearningRate() : settings.learningRate();
        IUpdater mainUpdater = gradientCheck ? new NoOp() : new Adam(learningRate);
        IUpdater gateUpdater =
                gradientCheck ? new NoOp() : new Adam(learningRate * a.gateLearningRateFactor());
        IUpdater frozen = gradientCheck ? new NoOp() : new Sgd(0.0);

        ComputationGraphConfiguration.GraphBuilder builder =
                new NeuralNetConfiguration.Builder()
                        .seed(settings.seed())
                        .dataType(dataType)
                        .updater(mainUpdater)
                        .trainingWorkspaceMode(workspaceMode)
                        .inferenceWorkspaceMode(workspaceMode)
                        .graphBuilder()
                        .addInputs(INPUT_ROWS, INPUT_SCENARIO, INPUT_CONTROL);

        String z = mlp(builder, "", settings, mainUpdater, mainUpdater, l2, false);
        // The gate embedding has a constant updater of its own: copying, not training, sets it.
        String gateBody = mlp(builder, GATE_PREFIX, settings, frozen, gateUpdater, 0.0, retrain);
        builder.addLayer(
                GATE_HEAD,
                frozenIf(
                        retrain,
                        new DenseLayer.Builder()
                                .nIn(a.bottomSizes().get(a.bottomSizes().size() - 1))
                                .nOut(4L * tasks)
                                .activation(Activation.IDENTITY)
                                .weightInit(WeightInit.UNIFORM)
                                .updater(gateUpdater)
                                .build()),
                gateBody);

        int bottomWidth = a.bottomSizes().get(a.bottomSizes().size() - 1);
        builder.addVertex(
                FLOWS_INPUT, new MergeVertex(), z, INPUT_SCENARIO, GATE_HEAD, INPUT_CONTROL);
        builder.addLayer(
                FLOWS,
                new FlowSelection.Builder()
                        .sizes(bottomWidth, a.scenarioSize(), scenarios, tasks, a.loraRank())
                        .updater(mainUpdater)
                        .l2(l2)
                        .build(),
                FLOWS_INPUT);
        String[] outputs = new String[tasks];
        for (int t = 0; t < tasks; t++) {
            builder.addVertex("logit_" + t, new SubsetVertex(t, t), FLOWS);
            outputs[t] = output(t);
            builder.addLayer(
                    outputs[t],
                    new LossLayer.Builder(new WeightedBinaryCrossEntropy())
                            .activation(Activation.SIGMOID)
                            .build(),
                    "logit_" + t);
        }
        return builder.setOutputs(outputs).build();
    }

    private static Layer frozenIf(boolean frozen, Layer layer) {
        return frozen ? new FrozenLayer(layer) : layer;
    }

    /**
     * Embedding, flatten and ReLU MLP under a name prefix, frozen or not; returns the last layer's
     * name.
     */
    private static String mlp(
            ComputationGraphConfiguration.GraphBuilder builder,
            String prefix,
            ModelSettings settings,
            IUpdater embeddingUpdater,
            IUpdater updater,
            double l2,
            boolean frozen) {
        List<Integer> sizes = AutoIfsSettings.of(settings).bottomSizes();
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        String embedding = prefix + EMBEDDING;
        // NWC puts each example's F embeddings side by side, so the reshape to [B, F·E] is the
        // plain field-by-field concatenation. nIn is explicit: setInputTypes would reset it to 1.
        builder.addLayer(
                embedding,
                frozenIf(
                        frozen,
                        new EmbeddingSequenceLayer.Builder()
                                .nIn(settings.vocabularySize())
                                .nOut(dim)
                                .inputLength(fields)
                                .hasBias(false)
                                .activation(Activation.IDENTITY)
                                .weightInit(GraphModel.embeddingInit(settings))
                                .outputDataFormat(RNNFormat.NWC)
                                .updater(embeddingUpdater)
                                .l2(l2)
                                .build()),
                INPUT_ROWS);
        String previous = prefix + "flatten";
        GraphVertex flatten = new ReshapeVertex('c', new int[] {-1, fields * dim}, null);
        builder.addVertex(previous, frozen ? new FrozenVertex(flatten) : flatten, embedding);
        int width = fields * dim;
        for (int i = 0; i < sizes.size(); i++) {
            String name = prefix + "bottom_" + i;
            builder.addLayer(
                    name,
                    frozenIf(
                            frozen,
                            new DenseLayer.Builder()
                                    .nIn(width)
                                    .nOut(sizes.get(i))
                                    .activation(Activation.RELU)
                                    .weightInit(WeightInit.UNIFORM)
                                    .updater(updater)
                                    .l2(l2)
                                    .build()),
                    previous);
            previous = name;
            width = sizes.get(i);
        }
        return previous;
    }
}
