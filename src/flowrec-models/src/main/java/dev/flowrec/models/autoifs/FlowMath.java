package dev.flowrec.models.autoifs;

import dev.flowrec.models.ForwardFlops;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AutoIFS's scenario layer, task layer, four information flows and flow selection, as the authors'
 * code computes them, as one SameDiff function, shared by {@link FlowSelectionVertex} and the
 * tests, which evaluate the intermediate {@link Parts} directly.
 *
 * <p>Parameters (r = LoRA rank, K scenarios, M tasks, d = input width, h = scenario-layer width):
 * {@code Ws [d,h], bs [1,h]} scenario-shared unit; {@code As [d,K·r], Bs [K·r,h], cs [K,h]} the K
 * scenario-specific LoRA units side by side (unit k owns columns/rows {@code k·r..k·r+r-1} and row k
 * of {@code cs}); {@code Wt [h,1], bt [1,1]} task-shared unit; {@code At [h,M·r], Bt [1,M·r], ct
 * [1,M]} the M task-specific units side by side ({@code B_t^m} is the 1×r block m of {@code Bt}).
 *
 * <p>Per-row scenario selection uses a one-hot mask over all K adapters,
 * {@code s_sp = ((z·As) ⊙ (onehot·E))·Bs + onehot·cs} with E expanding each scenario to its r
 * columns, because SameDiff's gather cannot be trained in DL4J 1.0.0-M2.1 (its backward pass
 * fails). Everything else is matrix products with small constant 0/1 matrices rather than slicing
 * or broadcasting against column vectors, which keeps every op on the well-trodden 2-D path of
 * M2.1.
 *
 * <p>Gate input: {@code gateScores [B,4M]}, columns {@code 4m..4m+3} the raw scores of task m in
 * gate order [sh,sh ; k,m ; sh,m ; k,sh]; {@code control [B,2]}, column 0 the temperature τ and
 * column 1 the hard flag (1 in retrain). Gates are {@code σ(τw)} when the flag is 0 and {@code
 * 1[w > 0]} when it is 1; the hard path has a zero derivative, and the soft path is multiplied by
 * {@code 1 - flag}, so in retrain the gate network receives exactly zero gradient.
 */
final class FlowMath {
    static final String[] PARAMS = {"Ws", "bs", "As", "Bs", "cs", "Wt", "bt", "At", "Bt", "ct"};

    private FlowMath() {}

    /** Throws unless every size is at least 1: input width d, scenario-layer width h, K, M and rank r. */
    static void checkSizes(int inputSize, int outputSize, int scenarios, int tasks, int rank) {
        if (inputSize < 1 || outputSize < 1 || scenarios < 1 || tasks < 1 || rank < 1) {
            throw new IllegalArgumentException("all sizes must be at least 1, got inputSize=" + inputSize
                    + " outputSize=" + outputSize + " scenarios=" + scenarios + " tasks=" + tasks + " rank=" + rank);
        }
    }

    /**
     * Forward FLOPs of one example as the flows are computed: the full-rank scenario unit and every
     * scenario's LoRA unit (all K are computed, then one is kept by the one-hot), then the
     * task-shared unit and every task's LoRA unit, each applied to the full output and to the two
     * pre-activation parts for the flows.
     */
    static long forwardFlops(int inputSize, int outputSize, int scenarios, int tasks, int rank) {
        long kr = (long) scenarios * rank;
        long mr = (long) tasks * rank;
        long scenarioLayer = ForwardFlops.product(inputSize, outputSize) + ForwardFlops.product(inputSize, kr)
                + ForwardFlops.product(kr, outputSize);
        long taskLayer = 3 * (ForwardFlops.product(outputSize, 1) + ForwardFlops.product(outputSize, mr)
                + ForwardFlops.product(mr, 1));
        return scenarioLayer + taskLayer;
    }

    /**
     * The reference code's initialisation: the shared units Xavier-normal, the LoRA
     * {@code A} matrices normal with the reference's 3-D fan ({@code std = sqrt(2/(d·r + n·r))} for n
     * units), every {@code B} and every bias zero, so each specific unit starts out producing only
     * its bias. Draws come from ND4J's global generator, which the graph seeds before initialising.
     */
    static void initialise(Map<String, INDArray> params, int inputSize, int outputSize, int scenarios, int tasks,
            int rank) {
        normal(params.get("Ws"), Math.sqrt(2.0 / (inputSize + outputSize)));
        normal(params.get("As"), Math.sqrt(2.0 / ((double) inputSize * rank + (double) scenarios * rank)));
        normal(params.get("Wt"), Math.sqrt(2.0 / (outputSize + 1.0)));
        normal(params.get("At"), Math.sqrt(2.0 / ((double) outputSize * rank + (double) tasks * rank)));
        for (String zero : new String[] {"bs", "Bs", "cs", "bt", "Bt", "ct"}) {
            params.get(zero).assign(0);
        }
    }

    private static void normal(INDArray target, double std) {
        target.assign(Nd4j.randn(target.dataType(), target.shape()).muli(std));
    }

    /** The named intermediate results; {@link #logits} is the vertex output. */
    record Parts(SDVariable sharedScenario, SDVariable specificScenario, SDVariable full, SDVariable sharedShared,
            SDVariable specificSpecific, SDVariable sharedSpecific, SDVariable specificShared, SDVariable gates,
            SDVariable logits) {}

    static Parts define(SameDiff sd, SDVariable z, SDVariable scenario, SDVariable gateScores, SDVariable control,
            Map<String, SDVariable> p, int scenarios, int tasks, int rank) {
        DataType type = p.get("Ws").dataType();
        SDVariable expandScenario = sd.constant("expand_scenario", blockOnes(scenarios, rank, type, false));
        SDVariable sumTaskBlocks = sd.constant("sum_task_blocks", blockOnes(tasks, rank, type, true));
        SDVariable onesTasks = sd.constant("ones_tasks", Nd4j.ones(type, 1, tasks));
        SDVariable onesGates = sd.constant("ones_gates", Nd4j.ones(type, 1, 4L * tasks));

        SDVariable sharedScenario = sd.identity("s_shared", z.mmul(p.get("Ws")).add(p.get("bs")));
        SDVariable lowRank = z.mmul(p.get("As")).mul(scenario.mmul(expandScenario));
        SDVariable specificScenario = sd.identity("s_specific",
                lowRank.mmul(p.get("Bs")).add(scenario.mmul(p.get("cs"))));
        SDVariable s = sd.nn().relu(sharedScenario.add(specificScenario), 0.0);

        SDVariable full = sd.identity("h_full", taskShared(s, p, onesTasks).add(taskSpecific(s, p, sumTaskBlocks)));
        SDVariable shSh = sd.identity("h_shared_shared", taskShared(sharedScenario, p, onesTasks));
        SDVariable kM = sd.identity("h_specific_specific", taskSpecific(specificScenario, p, sumTaskBlocks));
        SDVariable shM = sd.identity("h_shared_specific", taskSpecific(sharedScenario, p, sumTaskBlocks));
        SDVariable kSh = sd.identity("h_specific_shared", taskShared(specificScenario, p, onesTasks));

        SDVariable tau = control.mmul(sd.constant("pick_tau", unit(2, 0, type))).mmul(onesGates);
        SDVariable hardFlag = control.mmul(sd.constant("pick_hard", unit(2, 1, type))).mmul(onesGates);
        SDVariable soft = sd.nn().sigmoid(gateScores.mul(tau));
        SDVariable hard = sd.math().step(gateScores, 0.0);
        SDVariable gates = sd.identity("gates", soft.mul(hardFlag.rsub(1.0)).add(hard.mul(hardFlag)));

        SDVariable[] flows = {shSh, kM, shM, kSh};
        SDVariable logits = full;
        for (int j = 0; j < 4; j++) {
            SDVariable gate = gates.mmul(sd.constant("pick_flow_" + j, flowPicker(tasks, j, type)));
            logits = logits.sub(gate.mul(flows[j]));
        }
        return new Parts(sharedScenario, specificScenario, full, shSh, kM, shM, kSh, gates,
                sd.identity("logits", logits));
    }

    /** {@code W_t^sh x + b_t^sh}, the same scalar per row copied to all M task columns. */
    private static SDVariable taskShared(SDVariable x, Map<String, SDVariable> p, SDVariable onesTasks) {
        return x.mmul(p.get("Wt")).mmul(onesTasks).add(p.get("bt").mmul(onesTasks));
    }

    /** {@code B_t^m A_t^m x + c_t^m} for every task m, as {@code [B, M]}. */
    private static SDVariable taskSpecific(SDVariable x, Map<String, SDVariable> p, SDVariable sumTaskBlocks) {
        return x.mmul(p.get("At")).mul(p.get("Bt")).mmul(sumTaskBlocks).add(p.get("ct"));
    }

    /**
     * Block-of-ones matrix for {@code n} units of rank {@code r}: {@code [n, n·r]} with ones in row k
     * at columns {@code k·r..k·r+r-1}, or its transpose {@code [n·r, n]}.
     */
    static INDArray blockOnes(int n, int r, DataType type, boolean transposed) {
        INDArray out = transposed ? Nd4j.zeros(type, (long) n * r, n) : Nd4j.zeros(type, n, (long) n * r);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                if (transposed) {
                    out.putScalar((long) k * r + j, k, 1.0);
                } else {
                    out.putScalar(k, (long) k * r + j, 1.0);
                }
            }
        }
        return out;
    }

    /** {@code [4M, M]} selecting flow j's gate of every task: ones at {@code (4m + j, m)}. */
    static INDArray flowPicker(int tasks, int flow, DataType type) {
        INDArray out = Nd4j.zeros(type, 4L * tasks, tasks);
        for (int m = 0; m < tasks; m++) {
            out.putScalar(4L * m + flow, m, 1.0);
        }
        return out;
    }

    private static INDArray unit(int n, int index, DataType type) {
        INDArray out = Nd4j.zeros(type, n, 1);
        out.putScalar(index, 0, 1.0);
        return out;
    }
}
