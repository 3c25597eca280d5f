package dev.flowrec.models.autoifs;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime vertex of {@link FlowSelectionVertex}: DL4J's own SameDiff vertex with its backward pass
 * divided by two.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 {@link SameDiffGraphVertex#doBackward} returns exactly twice the true
 * gradient, both for the vertex's parameters and for the epsilons it passes to the layers below
 * (measured against an equivalent {@code DenseLayer} and against finite differences; the guard
 * test {@code sameDiffVertexDoublesGradientsInM21} keeps checking it). Under Adam a uniform factor
 * would almost cancel, but it halves the relative weight of L2 and it fails every gradient check,
 * so it is corrected here, in place, on the arrays DL4J then hands to the updater and to the
 * layers below. If an upgrade fixes DL4J, the guard test fails: delete this class then.
 *
 * <p>Only correct without workspaces: with {@code WorkspaceMode.ENABLED}, M2.1's SameDiff vertex
 * computes wrong gradients from the second training step on (see {@link AutoIfsModel}).
 */
// DL4J's BaseGraphVertex implements the varargs setInputs(INDArray...) without '...'; javac warns
// about that inherited mismatch on every subclass.
@SuppressWarnings("overrides")
final class HalvedGradientGraphVertex extends SameDiffGraphVertex {

    HalvedGradientGraphVertex(FlowSelectionVertex config, ComputationGraph graph, String name, int vertexIndex,
            INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray[]> result = super.doBackward(tbptt, workspaceMgr);
        for (INDArray gradient : result.getFirst().gradientForVariable().values()) {
            gradient.muli(0.5);
        }
        for (INDArray epsilon : result.getSecond()) {
            if (epsilon != null) {
                epsilon.muli(0.5);
            }
        }
        return result;
    }
}
