package dev.flowrec.models.autoifs;

import dev.flowrec.models.HandWrittenLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime side of {@link FlowSelection}: {@link FlowMath}'s computation written out with its
 * derivative. With {@code T(x) = x·Wt + bt} (one value per row, the same for every task) and {@code
 * U(x) = ((x·At) ⊙ Bt)·Σ + ct} (Σ sums each task's r columns), the logit of task m is {@code T(s) +
 * U(s) − g0·T(s_sh) − g1·U(s_sp) − g2·U(s_sh) − g3·T(s_sp)}, so the backward pass sends the output
 * gradient through T and U three times each (for s, s_sh, s_sp), through the ReLU into both
 * scenario parts, and into the gate scores through the soft gate only (the hard one has zero
 * derivative, and the soft path is multiplied by 1 − hard flag). Gradients are sums over the batch,
 * as DL4J expects; the scenario and control columns of the input get a zero epsilon.
 */
final class FlowSelectionLayer extends HandWrittenLayer.Runtime<FlowSelection> {
    /** The last training forward pass and its input, reused by the backward pass that follows. */
    private Forward trainingForward;

    private INDArray trainingInput;

    FlowSelectionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Forward f = new Forward();
        INDArray out =
                workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), f.logits.shape(), 'c');
        out.assign(f.logits);
        if (training) {
            f.retain(workspaceMgr);
        }
        trainingForward = training ? f : null;
        trainingInput = training ? input : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
            INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Forward f =
                trainingInput == input && trainingForward != null ? trainingForward : new Forward();
        trainingForward = null;
        trainingInput = null;
        INDArray dy = epsilon.castTo(input.dataType());
        INDArray[] g = new INDArray[4];
        for (int j = 0; j < 4; j++) {
            g[j] = f.gates.get(NDArrayIndex.all(), flowColumns(j));
        }
        // Flow gradients: T-type flows collapse to one value per row.
        INDArray rS = dy.sum(true, 1);
        INDArray rSharedShared = g[0].mul(dy).negi().sum(true, 1);
        INDArray rSpecificShared = g[3].mul(dy).negi().sum(true, 1);
        INDArray uSpecificSpecific = g[1].mul(dy).negi();
        INDArray uSharedSpecific = g[2].mul(dy).negi();

        INDArray dGates = f.gates.like();
        dGates.get(NDArrayIndex.all(), flowColumns(0)).assign(dy.mulColumnVector(f.tShared).negi());
        dGates.get(NDArrayIndex.all(), flowColumns(1)).assign(dy.mul(f.uSpecific).negi());
        dGates.get(NDArrayIndex.all(), flowColumns(2)).assign(dy.mul(f.uShared).negi());
        dGates.get(NDArrayIndex.all(), flowColumns(3))
                .assign(dy.mulColumnVector(f.tSpecific).negi());
        INDArray dScores =
                dGates.muli(f.soft)
                        .muli(f.soft.rsub(1.0))
                        .muliColumnVector(f.tau)
                        .muliColumnVector(f.hard.rsub(1.0));

        INDArray wt = getParam("Wt");
        INDArray at = getParam("At");
        INDArray bt = getParam("Bt");
        INDArray dWt =
                f.s.transpose()
                        .mmul(rS)
                        .addi(f.shared.transpose().mmul(rSharedShared))
                        .addi(f.specific.transpose().mmul(rSpecificShared));
        double dBt =
                rS.sumNumber().doubleValue()
                        + rSharedShared.sumNumber().doubleValue()
                        + rSpecificShared.sumNumber().doubleValue();
        INDArray ds = rS.mmul(wt.transpose());
        INDArray dShared = rSharedShared.mmul(wt.transpose());
        INDArray dSpecific = rSpecificShared.mmul(wt.transpose());

        INDArray dAt = at.like();
        INDArray dLoraBt = bt.like();
        INDArray dCt =
                dy.sum(true, 0)
                        .addi(uSpecificSpecific.sum(true, 0))
                        .addi(uSharedSpecific.sum(true, 0));
        ds.addi(taskSpecificBackward(f.s, f.qS, dy, at, bt, dAt, dLoraBt));
        dShared.addi(
                taskSpecificBackward(f.shared, f.qShared, uSharedSpecific, at, bt, dAt, dLoraBt));
        dSpecific.addi(
                taskSpecificBackward(
                        f.specific, f.qSpecific, uSpecificSpecific, at, bt, dAt, dLoraBt));

        INDArray dPre = ds.muli(f.pre.gt(0.0).castTo(f.pre.dataType()));
        dShared.addi(dPre);
        dSpecific.addi(dPre);
        INDArray dLowRank = dSpecific.mmul(getParam("Bs").transpose()).muli(f.expanded);
        INDArray dz =
                dShared.mmul(getParam("Ws").transpose())
                        .addi(dLowRank.mmul(getParam("As").transpose()));

        gradientViews.get("Ws").assign(f.z.transpose().mmul(dShared));
        gradientViews.get("bs").assign(dShared.sum(true, 0));
        gradientViews.get("As").assign(f.z.transpose().mmul(dLowRank));
        gradientViews.get("Bs").assign(f.lowRank.transpose().mmul(dSpecific));
        gradientViews.get("cs").assign(f.scenario.transpose().mmul(dSpecific));
        gradientViews.get("Wt").assign(dWt);
        gradientViews.get("bt").assign(dBt);
        gradientViews.get("At").assign(dAt);
        gradientViews.get("Bt").assign(dLoraBt);
        gradientViews.get("ct").assign(dCt);

        INDArray epsIn =
                workspaceMgr.createUninitialized(
                        ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        epsIn.assign(0);
        epsIn.get(NDArrayIndex.all(), zColumns()).assign(dz);
        epsIn.get(NDArrayIndex.all(), scoreColumns()).assign(dScores);
        return gradientViewsAnd(epsIn);
    }

    /**
     * Back through {@code U(x)} with upstream {@code u [B,M]}: accumulates the At and Bt gradients
     * and returns x's.
     */
    private INDArray taskSpecificBackward(
            INDArray x,
            INDArray q,
            INDArray u,
            INDArray at,
            INDArray bt,
            INDArray dAt,
            INDArray dBt) {
        INDArray perColumn = u.repeat(1, layerConf().getRank());
        INDArray dq = perColumn.mulRowVector(bt);
        dBt.addi(q.mul(perColumn).sum(true, 0));
        dAt.addi(x.transpose().mmul(dq));
        return dq.mmul(at.transpose());
    }

    private INDArrayIndex zColumns() {
        return NDArrayIndex.interval(0, layerConf().getInputSize());
    }

    private INDArrayIndex scoreColumns() {
        long from = (long) layerConf().getInputSize() + layerConf().getScenarios();
        return NDArrayIndex.interval(from, from + 4L * layerConf().getTasks());
    }

    /** Flow j's gate of every task: columns j, j + 4, ... of the gates (gate order, task-major). */
    private INDArrayIndex flowColumns(int flow) {
        return NDArrayIndex.interval(flow, 4, 4L * layerConf().getTasks());
    }

    /** One forward pass with what the backward pass reads. */
    private final class Forward {
        INDArray z;
        INDArray scenario;
        INDArray tau;
        INDArray hard;
        INDArray expanded;
        INDArray lowRank;
        INDArray shared;
        INDArray specific;
        INDArray pre;
        INDArray s;
        INDArray tShared;
        INDArray tSpecific;
        INDArray qS;
        INDArray qShared;
        INDArray qSpecific;
        INDArray uShared;
        INDArray uSpecific;
        INDArray soft;
        INDArray gates;
        final INDArray logits;

        Forward() {
            FlowSelection c = layerConf();
            int d = c.getInputSize();
            int k = c.getScenarios();
            int m = c.getTasks();
            DataType type = input.dataType();
            z = input.get(NDArrayIndex.all(), zColumns()).dup('c');
            scenario = input.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + k)).dup('c');
            INDArray scores = input.get(NDArrayIndex.all(), scoreColumns()).dup('c');
            long control = (long) d + k + 4L * m;
            tau =
                    input.get(NDArrayIndex.all(), NDArrayIndex.interval(control, control + 1))
                            .dup('c');
            hard =
                    input.get(NDArrayIndex.all(), NDArrayIndex.interval(control + 1, control + 2))
                            .dup('c');

            shared = z.mmul(getParam("Ws")).addiRowVector(getParam("bs"));
            // Each scenario's one-hot column spread over its r LoRA columns.
            expanded = scenario.repeat(1, c.getRank());
            lowRank = z.mmul(getParam("As")).muli(expanded);
            specific = lowRank.mmul(getParam("Bs")).addi(scenario.mmul(getParam("cs")));
            pre = shared.add(specific);
            s = Transforms.relu(pre, true);

            INDArray wt = getParam("Wt");
            double bt = getParam("bt").getDouble(0);
            INDArray tS = s.mmul(wt).addi(bt);
            tShared = shared.mmul(wt).addi(bt);
            tSpecific = specific.mmul(wt).addi(bt);
            qS = s.mmul(getParam("At"));
            qShared = shared.mmul(getParam("At"));
            qSpecific = specific.mmul(getParam("At"));
            INDArray uS = taskSpecific(qS);
            uShared = taskSpecific(qShared);
            uSpecific = taskSpecific(qSpecific);

            soft = Transforms.sigmoid(scores.mulColumnVector(tau), false);
            INDArray step = scores.gt(0.0).castTo(type);
            gates = soft.mulColumnVector(hard.rsub(1.0)).addi(step.muliColumnVector(hard));

            INDArray out = uS.addColumnVector(tS);
            out.subi(gates.get(NDArrayIndex.all(), flowColumns(0)).mulColumnVector(tShared));
            out.subi(gates.get(NDArrayIndex.all(), flowColumns(1)).mul(uSpecific));
            out.subi(gates.get(NDArrayIndex.all(), flowColumns(2)).mul(uShared));
            out.subi(gates.get(NDArrayIndex.all(), flowColumns(3)).mulColumnVector(tSpecific));
            logits = out;
        }

        private INDArray taskSpecific(INDArray q) {
            // Σ over each task's r columns.
            return q.mulRowVector(getParam("Bt"))
                    .reshape('c', q.size(0), layerConf().getTasks(), layerConf().getRank())
                    .sum(2)
                    .addiRowVector(getParam("ct"));
        }

        /**
         * Moves what the backward pass reads into the activations workspace, which lives until the
         * backward pass is done; the working memory the forward pass used is reused by later
         * layers.
         */
        void retain(LayerWorkspaceMgr mgr) {
            z = mgr.leverageTo(ArrayType.ACTIVATIONS, z);
            scenario = mgr.leverageTo(ArrayType.ACTIVATIONS, scenario);
            tau = mgr.leverageTo(ArrayType.ACTIVATIONS, tau);
            hard = mgr.leverageTo(ArrayType.ACTIVATIONS, hard);
            expanded = mgr.leverageTo(ArrayType.ACTIVATIONS, expanded);
            lowRank = mgr.leverageTo(ArrayType.ACTIVATIONS, lowRank);
            shared = mgr.leverageTo(ArrayType.ACTIVATIONS, shared);
            specific = mgr.leverageTo(ArrayType.ACTIVATIONS, specific);
            pre = mgr.leverageTo(ArrayType.ACTIVATIONS, pre);
            s = mgr.leverageTo(ArrayType.ACTIVATIONS, s);
            tShared = mgr.leverageTo(ArrayType.ACTIVATIONS, tShared);
            tSpecific = mgr.leverageTo(ArrayType.ACTIVATIONS, tSpecific);
            qS = mgr.leverageTo(ArrayType.ACTIVATIONS, qS);
            qShared = mgr.leverageTo(ArrayType.ACTIVATIONS, qShared);
            qSpecific = mgr.leverageTo(ArrayType.ACTIVATIONS, qSpecific);
            uShared = mgr.leverageTo(ArrayType.ACTIVATIONS, uShared);
            uSpecific = mgr.leverageTo(ArrayType.ACTIVATIONS, uSpecific);
            soft = mgr.leverageTo(ArrayType.ACTIVATIONS, soft);
            gates = mgr.leverageTo(ArrayType.ACTIVATIONS, gates);
        }
    }
}
