package dev.flowrec.models.mmoe;

import dev.flowrec.models.ParameterlessGraphVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime side of {@link MixtureVertex}: {@code y = Σ_k g[:, k] · x_k}, with {@code ∂L/∂x_k = g[:,
 * k] · ε} and {@code ∂L/∂g[:, k] = Σ_j ε[:, j] · x_k[:, j]}.
 *
 * <p>Workspaces: the output is computed inside the borrowed ACTIVATIONS scope and the epsilons
 * inside the borrowed ACTIVATION_GRAD scope, as DL4J's own {@code ElementWiseVertex} does, so
 * {@code WorkspaceMode.ENABLED} is safe (a test compares it with NONE).
 */
@SuppressWarnings("overrides") // see ParameterlessGraphVertex
final class MixtureGraphVertex extends ParameterlessGraphVertex {
    private final int experts;
    private final int width;

    MixtureGraphVertex(
            ComputationGraph graph,
            String name,
            int vertexIndex,
            int experts,
            int width,
            DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.experts = experts;
        this.width = width;
    }

    @Override
    @SuppressWarnings("try") // the scope only has to be open while the output is allocated
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("mixture vertex " + vertexName + ": inputs not set");
        }
        checkInputs();
        INDArray gate = inputs[0];
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = inputs[1].mulColumnVector(gate.getColumn(0, true));
            for (int k = 1; k < experts; k++) {
                out.addi(inputs[k + 1].mulColumnVector(gate.getColumn(k, true)));
            }
            return out;
        }
    }

    @Override
    @SuppressWarnings("try") // as in doForward
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("mixture vertex " + vertexName + ": epsilon not set");
        }
        INDArray gate = inputs[0];
        INDArray[] epsilons = new INDArray[experts + 1];
        try (MemoryWorkspace ignored =
                workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray[] gateColumns = new INDArray[experts];
            for (int k = 0; k < experts; k++) {
                INDArray expert = inputs[k + 1];
                gateColumns[k] = epsilon.mul(expert).sum(true, 1);
                epsilons[k + 1] = epsilon.mulColumnVector(gate.getColumn(k, true));
            }
            epsilons[0] = experts == 1 ? gateColumns[0] : Nd4j.hstack(gateColumns);
        }
        return new Pair<>(null, epsilons);
    }

    private void checkInputs() {
        if (inputs.length != experts + 1) {
            throw new IllegalStateException(
                    "mixture vertex "
                            + vertexName
                            + " expects "
                            + (experts + 1)
                            + " inputs, got "
                            + inputs.length);
        }
        if (inputs[0].rank() != 2 || inputs[0].size(1) != experts) {
            throw new IllegalStateException(
                    "mixture vertex "
                            + vertexName
                            + ": gate has shape "
                            + java.util.Arrays.toString(inputs[0].shape())
                            + ", expected [B, "
                            + experts
                            + "]");
        }
        for (int k = 1; k <= experts; k++) {
            if (inputs[k].rank() != 2 || inputs[k].size(1) != width) {
                throw new IllegalStateException(
                        "mixture vertex "
                                + vertexName
                                + ": expert "
                                + (k - 1)
                                + " has shape "
                                + java.util.Arrays.toString(inputs[k].shape())
                                + ", expected [B, "
                                + width
                                + "]");
            }
        }
    }

    @Override
    public String toString() {
        return "MixtureGraphVertex(name="
                + vertexName
                + ", experts="
                + experts
                + ", width="
                + width
                + ")";
    }
}
