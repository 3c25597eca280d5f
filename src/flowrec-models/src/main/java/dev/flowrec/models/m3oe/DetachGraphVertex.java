package dev.flowrec.models.m3oe;

import dev.flowrec.models.ParameterlessGraphVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime side of {@link DetachVertex}: the output is a copy of the input in the ACTIVATIONS
 * workspace, the epsilon a zero array in the ACTIVATION_GRAD workspace, so workspaces behave as for
 * DL4J's own vertices.
 */
@SuppressWarnings("overrides") // see ParameterlessGraphVertex
final class DetachGraphVertex extends ParameterlessGraphVertex {

    DetachGraphVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("detach vertex " + vertexName + ": input not set");
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, inputs[0]);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("detach vertex " + vertexName + ": epsilon not set");
        }
        INDArray zero =
                workspaceMgr.create(
                        ArrayType.ACTIVATION_GRAD, inputs[0].dataType(), inputs[0].shape(), 'c');
        return new Pair<>(null, new INDArray[] {zero});
    }

    @Override
    public String toString() {
        return "DetachGraphVertex(name=" + vertexName + ")";
    }
}
