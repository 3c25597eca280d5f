package dev.flowrec.models.dtrn;

import dev.flowrec.models.HandWrittenLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime side of {@link TaskInterest}. Every (task, behaviour) unit is computed on all B·L
 * (example, position) rows at once: the target item repeated per position, {@code Z = [q, h, q⊙h,
 * q−h]}, {@code U = Z W_a + b_a}, {@code a = ReLU(U) w_o + b_o}, a masked softmax per example, and
 * the weighted sum of the history. The backward pass runs the same chain in reverse, then through
 * the hypernetwork into its weights and the task and behaviour embeddings; gradients are sums over
 * the batch, as DL4J expects. The mask columns get a zero epsilon (a graph input).
 */
final class TaskInterestLayer extends HandWrittenLayer.Runtime<TaskInterest> {
    /** Logit offset that takes padded positions out of the softmax's maximum. */
    private static final double MASKED = 1e4;

    /**
     * The units of the last training forward pass and the input they saw, for the backward pass
     * that follows it; rebuilt there if the input has changed since.
     */
    private Unit[] trainingUnits;

    private INDArray trainingInput;

    TaskInterestLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        TaskInterest c = layerConf();
        INDArray out =
                workspaceMgr.create(
                        ArrayType.ACTIVATIONS,
                        input.dataType(),
                        new long[] {
                            input.size(0), (long) c.getTasks() * c.getBehaviours() * c.getDim()
                        },
                        'c');
        Unit[] units = new Unit[c.getTasks() * c.getBehaviours()];
        for (int m = 0; m < c.getTasks(); m++) {
            for (int b = 0; b < c.getBehaviours(); b++) {
                Unit unit = new Unit(m, b);
                if (training) {
                    unit.retain(workspaceMgr);
                }
                units[m * c.getBehaviours() + b] = unit;
                out.get(NDArrayIndex.all(), columns(m, b)).assign(unit.interest());
            }
        }
        trainingUnits = training ? units : null;
        trainingInput = training ? input : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        TaskInterest c = layerConf();
        int e = c.getDim();
        long n = input.size(0);
        int length = c.getLength();
        INDArray epsIn =
                workspaceMgr.create(
                        ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        for (String key : TaskInterestParams.INSTANCE.paramKeys(c)) {
            gradientViews.get(key).assign(0);
        }
        Unit[] units = trainingInput == input ? trainingUnits : null;
        trainingUnits = null;
        trainingInput = null;
        for (int m = 0; m < c.getTasks(); m++) {
            for (int b = 0; b < c.getBehaviours(); b++) {
                Unit u = units != null ? units[m * c.getBehaviours() + b] : new Unit(m, b);
                INDArray dv = epsilon.get(NDArrayIndex.all(), columns(m, b));
                INDArray dvRep = dv.repeat(0, length);
                // v = Σ_l p_l h_l
                INDArray dp = u.history.mul(dvRep).sum(true, 1).reshape(n, length);
                INDArray dHistory = dvRep.mulColumnVector(u.p.reshape(n * length, 1));
                // softmax: da_l = p_l (dp_l − Σ_k p_k dp_k); padded positions have p = 0
                INDArray da =
                        u.p.mul(dp.subColumnVector(u.p.mul(dp).sum(true, 1)))
                                .reshape(n * length, 1);
                // a = S w_o + b_o, S = ReLU(U), U = Z W_a + b_a
                INDArray dS = da.mmul(u.wo);
                INDArray dWo = u.s.transpose().mmul(da).transpose();
                double dBo = da.sumNumber().doubleValue();
                INDArray dU = dS.muli(Transforms.step(u.pre, true));
                INDArray dWa = u.z.transpose().mmul(dU);
                INDArray dBa = dU.sum(true, 0);
                INDArray dZ = dU.mmul(u.wa.transpose());
                INDArray dZ1 = block(dZ, 0, e);
                INDArray dZ2 = block(dZ, 1, e);
                INDArray dZ3 = block(dZ, 2, e);
                INDArray dZ4 = block(dZ, 3, e);
                INDArray dTarget = dZ1.add(dZ3.mul(u.history)).addi(dZ4);
                dHistory.addi(dZ2).addi(dZ3.mul(u.target)).subi(dZ4);
                INDArray dq = dTarget.reshape('c', n, length, e).sum(1);
                epsIn.get(
                                NDArrayIndex.all(),
                                NDArrayIndex.interval(
                                        (long) c.getItemField() * e,
                                        (long) (c.getItemField() + 1) * e))
                        .addi(dq);
                epsIn.get(NDArrayIndex.all(), historyColumns(b))
                        .addi(dHistory.reshape('c', n, (long) length * e));
                // θ = ReLU(c H1 + hb1) H2 + hb2, c = [τ_m ; β_b]
                INDArray dTheta =
                        Nd4j.hstack(
                                dWa.dup('c').reshape('c', 1, dWa.length()),
                                dBa,
                                dWo,
                                Nd4j.scalar(dWa.dataType(), dBo).reshape(1, 1));
                gradientViews.get(TaskInterestParams.H2).addi(u.hidden.transpose().mmul(dTheta));
                gradientViews.get(TaskInterestParams.HB2).addi(dTheta);
                INDArray dPre1 =
                        dTheta.mmul(getParam(TaskInterestParams.H2).transpose())
                                .muli(Transforms.step(u.preHidden, true));
                gradientViews.get(TaskInterestParams.H1).addi(u.condition.transpose().mmul(dPre1));
                gradientViews.get(TaskInterestParams.HB1).addi(dPre1);
                INDArray dCondition = dPre1.mmul(getParam(TaskInterestParams.H1).transpose());
                int k = c.getCondition();
                gradientViews
                        .get(TaskInterestParams.TAU)
                        .getRow(m, true)
                        .addi(dCondition.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)));
                gradientViews
                        .get(TaskInterestParams.BETA)
                        .getRow(b, true)
                        .addi(dCondition.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k)));
            }
        }
        return gradientViewsAnd(epsIn);
    }

    private org.nd4j.linalg.indexing.INDArrayIndex columns(int m, int b) {
        long from = ((long) m * layerConf().getBehaviours() + b) * layerConf().getDim();
        return NDArrayIndex.interval(from, from + layerConf().getDim());
    }

    private org.nd4j.linalg.indexing.INDArrayIndex historyColumns(int b) {
        TaskInterest c = layerConf();
        long from = ((long) c.getFields() + (long) b * c.getLength()) * c.getDim();
        return NDArrayIndex.interval(from, from + (long) c.getLength() * c.getDim());
    }

    private static INDArray block(INDArray z, int index, int width) {
        return z.get(
                NDArrayIndex.all(),
                NDArrayIndex.interval((long) index * width, (long) (index + 1) * width));
    }

    /** One (task, behaviour) attention unit's forward pass, kept for its backward pass. */
    private final class Unit {
        INDArray condition;
        INDArray preHidden;
        INDArray hidden;
        INDArray wa;
        INDArray ba;
        INDArray wo;
        final double bo;

        /** Target item and history, one row per (example, position): [B·L, E]. */
        INDArray target;

        INDArray history;
        INDArray z;
        INDArray pre;
        INDArray s;

        /** Attention weights [B, L], 0 at padding. */
        INDArray p;

        Unit(int m, int b) {
            TaskInterest c = layerConf();
            int e = c.getDim();
            int length = c.getLength();
            long n = input.size(0);
            condition =
                    Nd4j.hstack(
                            getParam(TaskInterestParams.TAU).getRow(m, true),
                            getParam(TaskInterestParams.BETA).getRow(b, true));
            preHidden =
                    condition
                            .mmul(getParam(TaskInterestParams.H1))
                            .addi(getParam(TaskInterestParams.HB1));
            hidden = Transforms.relu(preHidden, true);
            INDArray theta =
                    hidden.mmul(getParam(TaskInterestParams.H2))
                            .addi(getParam(TaskInterestParams.HB2));
            int hidden = c.getAttentionHidden();
            long waSize = 4L * e * hidden;
            wa =
                    theta.get(NDArrayIndex.all(), NDArrayIndex.interval(0, waSize))
                            .dup('c')
                            .reshape('c', 4L * e, hidden);
            ba = theta.get(NDArrayIndex.all(), NDArrayIndex.interval(waSize, waSize + hidden));
            wo =
                    theta.get(
                            NDArrayIndex.all(),
                            NDArrayIndex.interval(waSize + hidden, waSize + 2L * hidden));
            bo = theta.getDouble(0, waSize + 2L * hidden);
            INDArray q =
                    input.get(
                            NDArrayIndex.all(),
                            NDArrayIndex.interval(
                                    (long) c.getItemField() * e,
                                    (long) (c.getItemField() + 1) * e));
            target = q.repeat(0, length);
            history =
                    input.get(NDArrayIndex.all(), historyColumns(b))
                            .dup('c')
                            .reshape('c', n * length, e);
            z = Nd4j.hstack(target, history, target.mul(history), target.sub(history));
            pre = z.mmul(wa).addiRowVector(ba);
            s = Transforms.relu(pre, true);
            INDArray logits = s.mmul(wo.transpose()).addi(bo).reshape(n, length);
            long maskFrom =
                    (long) (c.getFields() + c.getBehaviours() * length) * e + (long) b * length;
            INDArray mask =
                    input.get(
                            NDArrayIndex.all(), NDArrayIndex.interval(maskFrom, maskFrom + length));
            INDArray shifted = logits.add(mask.sub(1.0).muli(MASKED));
            INDArray weights =
                    Transforms.exp(shifted.subColumnVector(shifted.max(true, 1)), false).muli(mask);
            INDArray total = weights.sum(true, 1);
            // An example without history has total 0; dividing by 1 keeps its weights (and v) at 0.
            p = weights.diviColumnVector(total.add(total.eq(0.0).castTo(total.dataType())));
        }

        /**
         * Moves what the backward pass reads into the activations workspace, which lives until the
         * backward pass is done; the layer's working memory, where the forward pass made them, is
         * reused by the next layer.
         */
        void retain(LayerWorkspaceMgr workspaceMgr) {
            condition = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, condition);
            preHidden = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, preHidden);
            hidden = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, hidden);
            wa = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, wa);
            wo = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, wo);
            target = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, target);
            history = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, history);
            z = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, z);
            pre = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, pre);
            s = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, s);
            p = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, p);
        }

        /** v = Σ_l p_l h_l, [B, E]. */
        INDArray interest() {
            long n = input.size(0);
            int length = layerConf().getLength();
            return history.mulColumnVector(p.reshape(n * length, 1))
                    .reshape('c', n, length, layerConf().getDim())
                    .sum(1);
        }
    }
}
