package dev.flowrec.models;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What FlowRec's hand-written, parameter-free graph vertices (the MMoE mixture, M3oE's
 * stop-gradient) share: no layer, no parameters, no masks to propagate. Subclasses write only their
 * forward and backward passes.
 */
// DL4J's BaseGraphVertex implements the varargs setInputs(INDArray...) without '...'; javac warns
// about that inherited mismatch on every subclass.
@SuppressWarnings("overrides")
public abstract class ParameterlessGraphVertex extends BaseGraphVertex {

    protected ParameterlessGraphVertex(
            ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("vertex " + vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(
            INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        // Feed-forward data without masks: nothing to propagate.
        return new Pair<>(null, currentMaskState);
    }
}
