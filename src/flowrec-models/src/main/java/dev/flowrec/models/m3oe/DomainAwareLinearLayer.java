package dev.flowrec.models.m3oe;

import dev.flowrec.models.HandWrittenLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime side of {@link DomainAwareLinear}. With {@code h} the domain one-hot and {@code M_k = W_k
 * ⊙ W}: forward {@code u = b + Σ_k h_k · (x M_k + b_k)}; backward, with {@code x_k = h_k · x} (the
 * rows of domain k) and {@code G_k = x_kᵀ ε}: {@code ∂W = Σ_k G_k ⊙ W_k}, {@code ∂W_k = G_k ⊙ W},
 * {@code ∂b = Σ_rows ε}, {@code ∂b_k = Σ_rows h_k ε}, {@code ∂x = Σ_k h_k · ε M_kᵀ}. Gradients are
 * sums over the batch, as DL4J expects (its updater divides by the batch size). The one-hot columns
 * get a zero epsilon: they are a graph input.
 *
 * <p>Every domain's product runs on the whole batch and is masked by rows: K small matrix products
 * instead of gathering rows per domain, which K = 3 makes the cheaper choice.
 */
final class DomainAwareLinearLayer extends HandWrittenLayer.Runtime<DomainAwareLinear> {

    DomainAwareLinearLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        DomainAwareLinear conf = layerConf();
        long in = conf.features();
        INDArray x = features(input, in);
        INDArray u =
                x.mmul(combined(0)).addiRowVector(domainBias(0)).muliColumnVector(domainColumn(0));
        for (int k = 1; k < conf.getDomains(); k++) {
            u.addi(
                    x.mmul(combined(k))
                            .addiRowVector(domainBias(k))
                            .muliColumnVector(domainColumn(k)));
        }
        u.addiRowVector(getParam(DomainAwareLinearParams.BIAS));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, u);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        DomainAwareLinear conf = layerConf();
        long in = conf.features();
        INDArray x = features(input, in);
        INDArray w = getParam(DomainAwareLinearParams.WEIGHT);
        INDArray gW = gradientViews.get(DomainAwareLinearParams.WEIGHT);
        INDArray gb = gradientViews.get(DomainAwareLinearParams.BIAS);
        INDArray gWd = gradientViews.get(DomainAwareLinearParams.DOMAIN_WEIGHT);
        INDArray gbd = gradientViews.get(DomainAwareLinearParams.DOMAIN_BIAS);
        INDArray epsIn =
                workspaceMgr.create(
                        ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        INDArray epsX = epsIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, in));
        gW.assign(0);
        for (int k = 0; k < conf.getDomains(); k++) {
            INDArray rowsOfK = epsilon.mulColumnVector(domainColumn(k));
            INDArray g = x.transpose().mmul(rowsOfK);
            gW.addi(g.mul(domainWeight(k)));
            columns(gWd, k).assign(g.muli(w));
            columns(gbd, k).assign(rowsOfK.sum(true, 0));
            epsX.addi(rowsOfK.mmul(combined(k).transpose()));
        }
        gb.assign(epsilon.sum(true, 0));
        return gradientViewsAnd(epsIn);
    }

    private static INDArray features(INDArray input, long width) {
        return input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width));
    }

    /** Domain k's one-hot column {@code [B, 1]}. */
    private INDArray domainColumn(int k) {
        long at = layerConf().features() + k;
        return input.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + 1));
    }

    private INDArray domainWeight(int k) {
        return columns(getParam(DomainAwareLinearParams.DOMAIN_WEIGHT), k);
    }

    private INDArray domainBias(int k) {
        return columns(getParam(DomainAwareLinearParams.DOMAIN_BIAS), k);
    }

    /** {@code M_k = W_k ⊙ W}. */
    private INDArray combined(int k) {
        return domainWeight(k).mul(getParam(DomainAwareLinearParams.WEIGHT));
    }

    private INDArray columns(INDArray matrix, int k) {
        long out = layerConf().getNOut();
        return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(k * out, (k + 1) * out));
    }
}
