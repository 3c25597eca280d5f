package dev.flowrec.models.m3oe;

import static dev.flowrec.models.m3oe.TwoLevelFusionParams.ALPHA_DOMAIN;
import static dev.flowrec.models.m3oe.TwoLevelFusionParams.ALPHA_TASK;
import static dev.flowrec.models.m3oe.TwoLevelFusionParams.BETA_DOMAIN;
import static dev.flowrec.models.m3oe.TwoLevelFusionParams.BETA_TASK;
import static dev.flowrec.models.m3oe.TwoLevelFusionParams.STRUCTURE;

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
 * Runtime side of {@link TwoLevelFusion}. With {@code G^D_k = Σ_{p of domain k} ε_p} and {@code
 * G^T_m} likewise, and {@code c_d = (1−β_d)/(K−1)} (0 for K = 1):
 *
 * <pre>
 * ∂g_{p,i} = Σ_j ε_p ⊙ S_i              ∂S_i = Σ_p g_{p,i}·ε_p
 * ∂D_j = α_d·((β_d − c_d)·G^D_j + c_d·Σ_k G^D_k)          ∂T_j likewise
 * ∂a_d = α_d(1−α_d)·Σ_k ⟨G^D_k, D̃_k⟩
 * ∂b_d = β_d(1−β_d)·α_d·Σ_k ⟨G^D_k, D_k − (Σ_j D_j − D_k)/(K−1)⟩   (just D_k for K = 1)
 * </pre>
 *
 * and the same for the task side; ⟨,⟩ sums over the batch too, as DL4J's gradients do.
 */
final class TwoLevelFusionLayer extends HandWrittenLayer.Runtime<TwoLevelFusion> {

    TwoLevelFusionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        TwoLevelFusion c = layerConf();
        double alphaD = sigmoid(ALPHA_DOMAIN);
        double alphaT = sigmoid(ALPHA_TASK);
        INDArray[] domainMixes = balanced(c.getDomains(), domainOffset(), sigmoid(BETA_DOMAIN));
        INDArray[] taskMixes = balanced(c.getTasks(), taskOffset(), sigmoid(BETA_TASK));
        INDArray out =
                workspaceMgr.create(
                        ArrayType.ACTIVATIONS,
                        input.dataType(),
                        new long[] {input.size(0), (long) c.pairs() * c.getWidth()},
                        'c');
        for (int p = 0; p < c.pairs(); p++) {
            INDArray f = pairColumns(out, p);
            for (int i = 0; i < c.getSharedExperts(); i++) {
                f.addi(block(sharedOffset() + (long) i * c.getWidth()).mulColumnVector(gate(p, i)));
            }
            f.addi(domainMixes[p % c.getDomains()].mul(alphaD))
                    .addi(taskMixes[p / c.getDomains()].mul(alphaT));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        TwoLevelFusion c = layerConf();
        int domains = c.getDomains();
        int tasks = c.getTasks();
        double alphaD = sigmoid(ALPHA_DOMAIN);
        double alphaT = sigmoid(ALPHA_TASK);
        double betaD = sigmoid(BETA_DOMAIN);
        double betaT = sigmoid(BETA_TASK);
        INDArray epsIn =
                workspaceMgr.create(
                        ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        INDArray[] perDomain = new INDArray[domains];
        INDArray[] perTask = new INDArray[tasks];
        for (int p = 0; p < c.pairs(); p++) {
            INDArray e = pairColumns(epsilon, p);
            for (int i = 0; i < c.getSharedExperts(); i++) {
                long expert = sharedOffset() + (long) i * c.getWidth();
                long gateColumn = (long) p * c.getSharedExperts() + i;
                epsIn.get(NDArrayIndex.all(), NDArrayIndex.interval(gateColumn, gateColumn + 1))
                        .assign(e.mul(block(expert)).sum(true, 1));
                block(epsIn, expert).addi(e.mulColumnVector(gate(p, i)));
            }
            perDomain[p % domains] =
                    perDomain[p % domains] == null ? e.dup() : perDomain[p % domains].addi(e);
            perTask[p / domains] =
                    perTask[p / domains] == null ? e.dup() : perTask[p / domains].addi(e);
        }
        double[] grad = new double[TwoLevelFusionParams.STRUCTURE_WEIGHTS];
        double[] side = backpropSide(perDomain, domainOffset(), alphaD, betaD, epsIn);
        grad[ALPHA_DOMAIN] = side[0];
        grad[BETA_DOMAIN] = side[1];
        side = backpropSide(perTask, taskOffset(), alphaT, betaT, epsIn);
        grad[ALPHA_TASK] = side[0];
        grad[BETA_TASK] = side[1];
        INDArray g = gradientViews.get(STRUCTURE);
        for (int i = 0; i < grad.length; i++) {
            g.putScalar(0, i, grad[i]);
        }
        return gradientViewsAnd(epsIn);
    }

    /**
     * Epsilons of one module's experts (domain or task side) written into {@code epsIn}; returns
     * the gradients of its raw α and β.
     */
    private double[] backpropSide(
            INDArray[] perGroup, long offset, double alpha, double beta, INDArray epsIn) {
        int n = perGroup.length;
        double others = n > 1 ? (1.0 - beta) / (n - 1) : 0.0;
        INDArray total = null;
        INDArray expertSum = null;
        for (int j = 0; j < n; j++) {
            total = total == null ? perGroup[j].dup() : total.addi(perGroup[j]);
            INDArray expert = block(offset + (long) j * layerConf().getWidth());
            expertSum = expertSum == null ? expert.dup() : expertSum.addi(expert);
        }
        double dAlpha = 0;
        double dBeta = 0;
        for (int j = 0; j < n; j++) {
            INDArray expert = block(offset + (long) j * layerConf().getWidth());
            INDArray rest = expertSum.sub(expert);
            INDArray mix = expert.mul(beta).addi(rest.mul(others));
            dAlpha += perGroup[j].mul(mix).sumNumber().doubleValue();
            INDArray dMixDBeta = n > 1 ? expert.sub(rest.div(n - 1)) : expert;
            dBeta += perGroup[j].mul(dMixDBeta).sumNumber().doubleValue();
            block(epsIn, offset + (long) j * layerConf().getWidth())
                    .assign(perGroup[j].mul(beta - others).addi(total.mul(others)).muli(alpha));
        }
        return new double[] {alpha * (1 - alpha) * dAlpha, beta * (1 - beta) * alpha * dBeta};
    }

    /** Per group j of a module: {@code β·X_j + (1−β)/(n−1)·Σ_{l≠j} X_l}. */
    private INDArray[] balanced(int n, long offset, double beta) {
        double others = n > 1 ? (1.0 - beta) / (n - 1) : 0.0;
        INDArray sum = null;
        for (int j = 0; j < n; j++) {
            INDArray expert = block(offset + (long) j * layerConf().getWidth());
            sum = sum == null ? expert.dup() : sum.addi(expert);
        }
        INDArray[] mixes = new INDArray[n];
        for (int j = 0; j < n; j++) {
            INDArray expert = block(offset + (long) j * layerConf().getWidth());
            mixes[j] = expert.mul(beta).addi(sum.sub(expert).muli(others));
        }
        return mixes;
    }

    private double sigmoid(int index) {
        double raw = getParam(STRUCTURE).getDouble(0, index);
        return 1.0 / (1.0 + Math.exp(-raw));
    }

    private INDArray gate(int pair, int expert) {
        long column = (long) pair * layerConf().getSharedExperts() + expert;
        return input.get(NDArrayIndex.all(), NDArrayIndex.interval(column, column + 1));
    }

    private long sharedOffset() {
        return (long) layerConf().pairs() * layerConf().getSharedExperts();
    }

    private long domainOffset() {
        return sharedOffset() + (long) layerConf().getSharedExperts() * layerConf().getWidth();
    }

    private long taskOffset() {
        return domainOffset() + (long) layerConf().getDomains() * layerConf().getWidth();
    }

    private INDArray block(long offset) {
        return block(input, offset);
    }

    private INDArray block(INDArray array, long offset) {
        return array.get(
                NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + layerConf().getWidth()));
    }

    private INDArray pairColumns(INDArray array, int pair) {
        long from = (long) pair * layerConf().getWidth();
        return array.get(
                NDArrayIndex.all(), NDArrayIndex.interval(from, from + layerConf().getWidth()));
    }
}
