package dev.flowrec.models.dtrn;

import dev.flowrec.core.feature.FieldKind;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.mmoe.MixtureVertex;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The DTRN + MMoE network as a DL4J graph, and its parameter count. DTRN has no public code and its
 * paper's abstract names the modules but not their shapes, so the shapes here are FlowRec's
 * reconstruction:
 *
 * <pre>
 * rows [B, F + Bt·L] (fields, then the history items) ─ embedding ─ flatten
 * tim  = TaskInterest(flatten, history mask) [B, M·Bt·E]
 * x^m  = FieldReweighting_m(fields ; tim's task-m interests)  [B, D], D = (F + Bt)·E, per task m
 * stacked = x^0..x^{M-1} as M·B rows [B·M, D]
 *           ─ 4 shared experts, ReLU MLPs (hiddenSizes) ─ back to [B, M·h]
 * per task m: gate softmax(Linear(x^m)) over the experts' task-m rows ─ mixture ─ tower ─ sigmoid
 * </pre>
 *
 * Stacking the task inputs as extra rows is what lets one set of expert weights run on every task's
 * own representation (DL4J layers cannot share weights across inputs); the experts' gradients are
 * then sums over examples and tasks, as for the M separate passes of the design.
 */
final class DtrnGraph {
    static final String MASK = "history_mask";
    static final int EXPERTS = 4;

    private DtrnGraph() {}

    /** Index of the item field, the attention's target. */
    static int itemField(ModelSettings settings) {
        var fields = settings.features().fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).kind() == FieldKind.ITEM) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "DTRN needs an item field as the attention target, the feature spec has "
                        + "none: "
                        + fields);
    }

    static void check(ModelSettings settings) {
        if (settings.hiddenSizes().isEmpty()) {
            throw new IllegalArgumentException(
                    "dtrn needs at least one expert layer (model.hidden-sizes), got none");
        }
        if (settings.features().behaviours() == 0) {
            throw new IllegalArgumentException(
                    "model.type dtrn needs behaviour sequences: set model.sequence-features (e.g."
                        + " clicked,liked) to keys the impressions carry in Impression.sequences");
        }
        itemField(settings);
    }

    static ComputationGraphConfiguration configuration(
            ModelSettings settings,
            String input,
            String flatten,
            ComputationGraphConfiguration.GraphBuilder builder,
            TowerBuilder towers) {
        check(settings);
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        int tasks = settings.space().taskCount();
        int behaviours = settings.features().behaviours();
        int length = settings.features().sequenceLength();
        int refined = fields + behaviours;
        int width = refined * dim;
        builder.addInputs(MASK);
        builder.addVertex("tim_input", new MergeVertex(), flatten, MASK);
        builder.addLayer(
                "tim",
                new TaskInterest.Builder()
                        .sizes(fields, itemField(settings), behaviours, length, dim, tasks)
                        .build(),
                "tim_input");
        builder.addVertex("fields", new SubsetVertex(0, fields * dim - 1), flatten);
        List<String> taskInputs = new ArrayList<>();
        for (int m = 0; m < tasks; m++) {
            builder.addVertex(
                    "interest_" + m,
                    new SubsetVertex(m * behaviours * dim, (m + 1) * behaviours * dim - 1),
                    "tim");
            builder.addVertex("trm_input_" + m, new MergeVertex(), "fields", "interest_" + m);
            builder.addLayer(
                    "trm_" + m,
                    new FieldReweighting.Builder().sizes(refined, dim).build(),
                    "trm_input_" + m);
            taskInputs.add("trm_" + m);
        }
        builder.addVertex("stacked", new MergeVertex(), taskInputs.toArray(String[]::new));
        builder.addVertex(
                "stacked_rows", new ReshapeVertex('c', new int[] {-1, width}, null), "stacked");
        List<Integer> hidden = settings.hiddenSizes();
        int expertWidth = hidden.get(hidden.size() - 1);
        List<String> experts = new ArrayList<>();
        for (int j = 0; j < EXPERTS; j++) {
            String previous = "stacked_rows";
            int in = width;
            for (int i = 0; i < hidden.size(); i++) {
                String name = "expert_" + j + "_" + i;
                builder.addLayer(
                        name,
                        new DenseLayer.Builder()
                                .nIn(in)
                                .nOut(hidden.get(i))
                                .activation(Activation.RELU)
                                .weightInit(WeightInit.RELU)
                                .build(),
                        previous);
                previous = name;
                in = hidden.get(i);
            }
            String perTask = "expert_" + j + "_tasks";
            builder.addVertex(
                    perTask,
                    new ReshapeVertex('c', new int[] {-1, tasks * expertWidth}, null),
                    previous);
            experts.add(perTask);
        }
        String[] outputs = new String[tasks];
        for (int m = 0; m < tasks; m++) {
            String gate = "gate_" + m;
            builder.addLayer(
                    gate,
                    new DenseLayer.Builder()
                            .nIn(width)
                            .nOut(EXPERTS)
                            .activation(Activation.SOFTMAX)
                            .weightInit(WeightInit.XAVIER)
                            .build(),
                    "trm_" + m);
            List<String> mixtureInputs = new ArrayList<>(List.of(gate));
            for (int j = 0; j < EXPERTS; j++) {
                String slice = "expert_" + j + "_task_" + m;
                builder.addVertex(
                        slice,
                        new SubsetVertex(m * expertWidth, (m + 1) * expertWidth - 1),
                        experts.get(j));
                mixtureInputs.add(slice);
            }
            String mixture = "mixture_" + m;
            builder.addVertex(
                    mixture,
                    new MixtureVertex(EXPERTS, expertWidth),
                    mixtureInputs.toArray(String[]::new));
            outputs[m] = towers.add(m, mixture, expertWidth);
        }
        return builder.setOutputs(outputs).build();
    }

    /** Parameters of the graph: embedding, interest module, refinements, experts, gates, towers. */
    static long parameterCount(ModelSettings settings, long towerParameters) {
        check(settings);
        int fields = settings.features().fieldCount();
        int dim = settings.embeddingDim();
        int tasks = settings.space().taskCount();
        int behaviours = settings.features().behaviours();
        int refined = fields + behaviours;
        long width = (long) refined * dim;
        long count = (long) settings.vocabularySize() * dim;
        count += TaskInterest.parameterCount(dim, tasks, behaviours);
        count += tasks * FieldReweighting.parameterCount(refined);
        long expert = 0;
        long in = width;
        for (int h : settings.hiddenSizes()) {
            expert += in * h + h;
            in = h;
        }
        count += EXPERTS * expert;
        count += tasks * (width * EXPERTS + EXPERTS);
        return count + tasks * towerParameters;
    }

    /** Adds task m's tower on {@code input} of {@code width}; returns the output's name. */
    @FunctionalInterface
    interface TowerBuilder {
        String add(int task, String input, int width);
    }
}
