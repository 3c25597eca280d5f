package dev.flowrec.models.dtrn;

import dev.flowrec.models.HandWrittenLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime side of {@link FieldReweighting}, on the input viewed as {@code [B, F', E]}. Backward:
 * {@code ∂e_f = 2 a_f ∂ẽ_f + ∂z_f / E}, {@code ∂a_f = 2 Σ_E ∂ẽ_f ⊙ e_f}, then through the sigmoid,
 * W2, the ReLU and W1; weight gradients are sums over the batch.
 */
final class FieldReweightingLayer extends HandWrittenLayer.Runtime<FieldReweighting> {

    FieldReweightingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Excitation x = new Excitation();
        INDArray out = Broadcast.mul(x.fields, x.weights, x.fields.ulike(), 0, 1).muli(2.0);
        return workspaceMgr.leverageTo(
                ArrayType.ACTIVATIONS, out.reshape('c', input.size(0), layerConf().getNIn()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Excitation x = new Excitation();
        FieldReweighting c = layerConf();
        long n = input.size(0);
        INDArray eps3 = epsilon.dup('c').reshape('c', n, c.getFields(), c.getDim());
        INDArray dFields = Broadcast.mul(eps3, x.weights, eps3.ulike(), 0, 1).muli(2.0);
        INDArray dWeights = eps3.mul(x.fields).sum(2).muli(2.0);
        INDArray dPre2 = dWeights.muli(x.weights.mul(x.weights.rsub(1.0)));
        gradientViews.get(FieldReweighting.EXCITE).assign(x.hidden.transpose().mmul(dPre2));
        INDArray dPre1 =
                dPre2.mmul(getParam(FieldReweighting.EXCITE).transpose())
                        .muli(Transforms.step(x.preHidden, true));
        gradientViews.get(FieldReweighting.SQUEEZE).assign(x.squeezed.transpose().mmul(dPre1));
        INDArray dSqueezed =
                dPre1.mmul(getParam(FieldReweighting.SQUEEZE).transpose()).divi(c.getDim());
        Broadcast.add(dFields, dSqueezed, dFields, 0, 1);
        INDArray epsIn =
                workspaceMgr.leverageTo(
                        ArrayType.ACTIVATION_GRAD, dFields.reshape('c', n, c.getNIn()));
        return gradientViewsAnd(epsIn);
    }

    /** The squeeze and excitation of the current input. */
    private final class Excitation {
        final INDArray fields;
        final INDArray squeezed;
        final INDArray preHidden;
        final INDArray hidden;
        final INDArray weights;

        Excitation() {
            FieldReweighting c = layerConf();
            fields = input.dup('c').reshape('c', input.size(0), c.getFields(), c.getDim());
            squeezed = fields.mean(2);
            preHidden = squeezed.mmul(getParam(FieldReweighting.SQUEEZE));
            hidden = Transforms.relu(preHidden, true);
            weights = Transforms.sigmoid(hidden.mmul(getParam(FieldReweighting.EXCITE)), false);
        }
    }
}
