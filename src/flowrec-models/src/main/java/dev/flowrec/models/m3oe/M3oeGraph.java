package dev.flowrec.models.m3oe;

import dev.flowrec.core.config.M3oeStructureUpdate;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The M3oE network of its reference code (Applied-Machine-Learning-Lab/M3oE) as a DL4J graph, and
 * its parameter count:
 *
 * <pre>
 * rows [B, F] ─ embedding ─ flatten ─┬─ (dense [B, D] appended) = x [B, F·E + D]
 * domain one-hot [B, K] ────────────────────────┘
 * star   = DomainAwareLinear(x; k) [h0] ─ Linear+LN+ReLU [h1]      skip = Linear+LN+ReLU(x) [h1]
 * view e = star + skip
 * experts on e, each Linear+LN+ReLU [d]: shared S_1..S_4, domain D_0..D_{K-1}, task T_0..T_{M-1}
 * gate_p = softmax(Linear(detach(e)) [4]) for every pair p = (k, m), k = p mod K, m = p div K
 * fusion = TwoLevelFusion(gates, experts) [P·d]
 *          ─ pair p's columns ─ tower (Linear+LN+ReLU)… ─ sigmoid "pair_p"
 * </pre>
 *
 * {@code hiddenSizes} is {@code [h0, h1, d]} (reference {@code [512, 256, 64]}), {@code towerSizes}
 * the towers' hidden widths ({@code [64]}). Linear layers start as PyTorch's do (uniform
 * ±1/√fan-in) with zero biases. DL4J's layer norm sits between the product and the bias ({@code
 * LN(xW)·g + b}), which is PyTorch's Linear+LayerNorm without the Linear's bias: that bias is
 * cancelled by the normalisation and never learns, so DL4J has {@code width} fewer parameters per
 * Linear+LN block ({@link #referenceParameterCount}).
 */
final class M3oeGraph {
    static final String DENSE = "dense";
    static final String DOMAIN = "domain";
    static final String FUSION = "fusion";
    static final int SHARED_EXPERTS = 4;

    private M3oeGraph() {}

    static String pairOutput(int pair) {
        return "pair_" + pair;
    }

    static void check(ModelSettings settings) {
        if (settings.hiddenSizes().size() != 3) {
            throw new IllegalArgumentException(
                    "m3oe needs model.hidden-sizes = [bottom, view, expert] (reference "
                            + "[512, 256, 64]), got "
                            + settings.hiddenSizes());
        }
    }

    static ComputationGraphConfiguration configuration(
            ModelSettings settings,
            WorkspaceMode workspaceMode,
            String embeddedName,
            ComputationGraphConfiguration.GraphBuilder builder) {
        check(settings);
        int domains = settings.space().scenarioCount();
        int tasks = settings.space().taskCount();
        int dense = M3oeSettings.of(settings).denseInputs();
        int bottom = settings.hiddenSizes().get(0);
        int view = settings.hiddenSizes().get(1);
        int expert = settings.hiddenSizes().get(2);
        int x = inputWidth(settings);
        String features = embeddedName;
        if (dense > 0) {
            builder.addInputs(DENSE);
            builder.addVertex("features", new MergeVertex(), embeddedName, DENSE);
            features = "features";
        }
        builder.addInputs(DOMAIN);
        builder.addVertex("star_input", new MergeVertex(), features, DOMAIN);
        builder.addLayer(
                "star",
                new DomainAwareLinear.Builder()
                        .domains(domains)
                        .nIn(x + domains)
                        .nOut(bottom)
                        .activation(Activation.IDENTITY)
                        .build(),
                "star_input");
        builder.addLayer("star_mlp", normalised(bottom, view), "star");
        builder.addLayer("skip", normalised(x, view), features);
        builder.addVertex(
                "view", new ElementWiseVertex(ElementWiseVertex.Op.Add), "star_mlp", "skip");
        builder.addVertex("view_detached", new DetachVertex(), "view");

        List<String> fusionInputs = new ArrayList<>();
        int pairs = domains * tasks;
        for (int p = 0; p < pairs; p++) {
            String gate = "gate_" + p;
            builder.addLayer(
                    gate,
                    new DenseLayer.Builder()
                            .nIn(view)
                            .nOut(SHARED_EXPERTS)
                            .activation(Activation.SOFTMAX)
                            .weightInit(torchLinear(view))
                            .build(),
                    "view_detached");
            fusionInputs.add(gate);
        }
        addExperts(builder, "expert_shared_", SHARED_EXPERTS, view, expert, fusionInputs);
        addExperts(builder, "expert_domain_", domains, view, expert, fusionInputs);
        addExperts(builder, "expert_task_", tasks, view, expert, fusionInputs);
        builder.addVertex("fusion_input", new MergeVertex(), fusionInputs.toArray(String[]::new));
        TwoLevelFusion.Builder fusion =
                new TwoLevelFusion.Builder()
                        .sizes(SHARED_EXPERTS, domains, tasks, expert)
                        .structureInit(1.0);
        if (M3oeSettings.of(settings).structureUpdate() == M3oeStructureUpdate.FIRST_ORDER) {
            // Only the structure optimiser moves them; a zero step keeps the main one (and its L2)
            // off.
            fusion.updater(new Sgd(0.0));
        }
        builder.addLayer(FUSION, fusion.build(), "fusion_input");

        String[] outputs = new String[pairs];
        for (int p = 0; p < pairs; p++) {
            String previous = "pair_view_" + p;
            builder.addVertex(previous, new SubsetVertex(p * expert, (p + 1) * expert - 1), FUSION);
            int width = expert;
            for (int i = 0; i < settings.towerSizes().size(); i++) {
                String name = "tower_" + p + "_" + i;
                builder.addLayer(name, normalised(width, settings.towerSizes().get(i)), previous);
                previous = name;
                width = settings.towerSizes().get(i);
            }
            outputs[p] = pairOutput(p);
            builder.addLayer(
                    outputs[p],
                    new OutputLayer.Builder()
                            .lossFunction(new WeightedBinaryCrossEntropy())
                            .nIn(width)
                            .nOut(1)
                            .activation(Activation.SIGMOID)
                            .weightInit(torchLinear(width))
                            .build(),
                    previous);
        }
        return builder.setOutputs(outputs).build();
    }

    /** N(0, std) as the reference (std 1e-4), or Xavier-uniform like the other models for std 0. */
    static IWeightInit embeddingInit(ModelSettings settings) {
        double std = M3oeSettings.of(settings).embeddingStd();
        return std > 0
                ? new WeightInitDistribution(new NormalDistribution(0, std))
                : GraphModel.embeddingInit(settings);
    }

    /** Width of x: the flattened embeddings plus the dense values. */
    static int inputWidth(ModelSettings settings) {
        return settings.features().fieldCount() * settings.embeddingDim()
                + M3oeSettings.of(settings).denseInputs();
    }

    /** Parameters of the DL4J graph. */
    static long parameterCount(ModelSettings settings) {
        return count(settings, 0);
    }

    /**
     * Parameters the reference PyTorch model has for the same settings: the DL4J count plus the
     * pre-normalisation bias of every Linear+LayerNorm block (see the class comment).
     */
    static long referenceParameterCount(ModelSettings settings) {
        return count(settings, 1);
    }

    private static long count(ModelSettings settings, int deadBiases) {
        check(settings);
        long domains = settings.space().scenarioCount();
        long tasks = settings.space().taskCount();
        long bottom = settings.hiddenSizes().get(0);
        long view = settings.hiddenSizes().get(1);
        long expert = settings.hiddenSizes().get(2);
        long x = inputWidth(settings);
        long pairs = domains * tasks;
        long count = (long) settings.vocabularySize() * settings.embeddingDim();
        count += (1 + domains) * (x * bottom + bottom);
        count += normalisedCount(bottom, view, deadBiases) + normalisedCount(x, view, deadBiases);
        count += (SHARED_EXPERTS + domains + tasks) * normalisedCount(view, expert, deadBiases);
        count += pairs * (view * SHARED_EXPERTS + SHARED_EXPERTS);
        long tower = 0;
        long width = expert;
        for (int h : settings.towerSizes()) {
            tower += normalisedCount(width, h, deadBiases);
            width = h;
        }
        count += pairs * (tower + width + 1);
        return count + TwoLevelFusionParams.STRUCTURE_WEIGHTS;
    }

    private static long normalisedCount(long in, long out, int deadBiases) {
        return in * out + 2 * out + deadBiases * out;
    }

    private static void addExperts(
            ComputationGraphConfiguration.GraphBuilder builder,
            String prefix,
            int count,
            int in,
            int out,
            List<String> names) {
        for (int i = 0; i < count; i++) {
            builder.addLayer(prefix + i, normalised(in, out), "view");
            names.add(prefix + i);
        }
    }

    /** Linear + LayerNorm + ReLU. */
    private static DenseLayer normalised(int in, int out) {
        return new DenseLayer.Builder()
                .nIn(in)
                .nOut(out)
                .hasLayerNorm(true)
                .activation(Activation.RELU)
                .weightInit(torchLinear(in))
                .build();
    }

    /** PyTorch's default Linear weights: uniform ±1/√fan-in. */
    private static IWeightInit torchLinear(int fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        return new WeightInitDistribution(new UniformDistribution(-bound, bound));
    }
}
