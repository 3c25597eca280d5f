package dev.flowrec.models.mmoe;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.ReplicaInference;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one-level mixture-of-experts network behind {@link MmoeModel} and {@code PleModel}, as a DL4J
 * {@link ComputationGraph}:
 *
 * <pre>
 * rows [B, F] ─ embedding [V, E] ─ flatten x [B, F·E]
 *   ─ experts: shared S, and per task P specific; each a ReLU MLP (hiddenSizes) → [B, d]
 *   ─ per task t: gate softmax(Linear(x → P + S)) [B, P + S]
 *                 mixture Σ_k gate_k · expert_k over (t's specific, then shared) [B, d]
 *                 ({@link MixtureVertex})
 *                 tower (towerSizes, ReLU) ─ sigmoid [B, 1]
 * </pre>
 *
 * Everything else is Shared-Bottom's: one embedding table over all fields, the scenario only as a
 * feature, {@link WeightedBinaryCrossEntropy} per task with per-example weights as a second label
 * column, summed over tasks and divided by the batch size; Adam, L2, FLOAT, seeded initialisation;
 * embedding {@code nIn} set explicitly and no {@code setInputTypes} (in DL4J 1.0.0-M2.1 it resets
 * the embedding's {@code nIn} to 1); {@link #parameterCount()} from {@code params().length()}. Not
 * thread-safe.
 */
public abstract class ExpertMixtureModel extends GraphModel {

    protected ExpertMixtureModel(ModelSettings settings, ComputationGraph graph) {
        super(settings, graph);
    }

    /** How many experts it has: shared, and specific to each task. */
    protected abstract ExpertLayout layout();

    /** Its forward pass outside DL4J ({@link ExpertMixtureInference}). */
    @Override
    public Inference inference() {
        return ReplicaInference.unlessUnavailable(
                this, () -> new ExpertMixtureInference(settings(), layout(), graph()));
    }

    /** A fresh, initialised graph for the layout. */
    protected static ComputationGraph newGraph(
            ModelSettings settings, ExpertLayout layout, WorkspaceMode workspaceMode) {
        checkExperts(settings);
        ComputationGraph graph =
                new ComputationGraph(configuration(settings, layout, workspaceMode));
        graph.init();
        return graph;
    }

    /**
     * The graph of an artifact, checked against the expected type and the parameter count that the
     * header's settings imply.
     */
    protected static ComputationGraph restoreGraph(
            ModelArtifact artifact, ModelType type, ExpertLayout layout) {
        checkExperts(artifact.settings());
        return restoreGraph(artifact, type, expectedParameterCount(artifact.settings(), layout));
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
        return count + towerParameters(settings, width) * tasks;
    }

    /**
     * Each task's gate weights, {@code [task] -> [B, own specific experts then shared]}, for
     * diagnostics.
     */
    public List<INDArray> gateWeights(Batch batch) {
        checkBatch(settings(), batch);
        var activations =
                graph().feedForward(
                                new INDArray[] {BatchTensors.rows(batch, vocabularySize())}, false);
        List<INDArray> gates = new ArrayList<>();
        for (int t = 0; t < settings().space().taskCount(); t++) {
            gates.add(activations.get(gateName(t)).dup());
        }
        return gates;
    }

    static String gateName(int task) {
        return "gate_" + task;
    }

    static ComputationGraphConfiguration configuration(
            ModelSettings settings, ExpertLayout layout, WorkspaceMode workspaceMode) {
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        int tasks = settings.space().taskCount();
        ComputationGraphConfiguration.GraphBuilder builder = embeddedInput(settings, workspaceMode);
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
            builder.addLayer(
                    gate,
                    new DenseLayer.Builder()
                            .nIn(input)
                            .nOut(mixed.size())
                            .activation(Activation.SOFTMAX)
                            .weightInit(WeightInit.XAVIER)
                            .build(),
                    FLATTEN);
            String mixture = "mixture_" + t;
            List<String> mixtureInputs = new ArrayList<>();
            mixtureInputs.add(gate);
            mixtureInputs.addAll(mixed);
            builder.addVertex(
                    mixture,
                    new MixtureVertex(mixed.size(), expertWidth),
                    mixtureInputs.toArray(String[]::new));
            outputs[t] = addTower(builder, settings, t, mixture, expertWidth);
        }
        return builder.setOutputs(outputs).build();
    }

    private static String addExpert(
            ComputationGraphConfiguration.GraphBuilder builder,
            String prefix,
            int input,
            List<Integer> hidden) {
        String previous = FLATTEN;
        int width = input;
        for (int i = 0; i < hidden.size(); i++) {
            String name = prefix + "_" + i;
            builder.addLayer(name, reluDense(width, hidden.get(i)), previous);
            previous = name;
            width = hidden.get(i);
        }
        return previous;
    }

    /** Rejects settings without expert layers. */
    protected static void checkExperts(ModelSettings settings) {
        checkVocabulary(settings);
        if (settings.hiddenSizes().isEmpty()) {
            throw new IllegalArgumentException(
                    settings.type().value()
                            + " needs at least one expert layer (model.hidden-sizes), got none:"
                            + " experts without layers would all equal the embedding");
        }
    }
}
