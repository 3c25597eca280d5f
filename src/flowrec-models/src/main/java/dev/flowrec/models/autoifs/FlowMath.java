package dev.flowrec.models.autoifs;

import dev.flowrec.models.ForwardFlops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@link FlowSelection} computes that does not depend on DL4J's runtime: its parameter names
 * and shapes, their initialisation, the size checks and the forward FLOPs of the authors' scenario
 * layer, task layer, four information flows and flow selection.
 *
 * <p>Parameters (r = LoRA rank, K scenarios, M tasks, d = input width, h = scenario-layer width):
 * {@code Ws [d,h], bs [1,h]} scenario-shared unit; {@code As [d,K·r], Bs [K·r,h], cs [K,h]} the K
 * scenario-specific LoRA units side by side (unit k owns columns/rows {@code k·r..k·r+r-1} and row
 * k of {@code cs}); {@code Wt [h,1], bt [1,1]} task-shared unit; {@code At [h,M·r], Bt [1,M·r], ct
 * [1,M]} the M task-specific units side by side ({@code B_t^m} is the 1×r block m of {@code Bt}).
 *
 * <p>Gate input: the raw scores {@code [4M]} of each example, columns {@code 4m..4m+3} those of
 * task m in gate order [sh,sh ; k,m ; sh,m ; k,sh], and the control pair (temperature τ, hard flag,
 * 1 in retrain). Gates are {@code σ(τw)} when the flag is 0 and {@code 1[w > 0]} when it is 1.
 */
final class FlowMath {
    static final String[] PARAMS = {"Ws", "bs", "As", "Bs", "cs", "Wt", "bt", "At", "Bt", "ct"};

    private FlowMath() {}

    /**
     * Throws unless every size is at least 1: input width d, scenario-layer width h, K, M and rank
     * r.
     */
    static void checkSizes(int inputSize, int outputSize, int scenarios, int tasks, int rank) {
        if (inputSize < 1 || outputSize < 1 || scenarios < 1 || tasks < 1 || rank < 1) {
            throw new IllegalArgumentException(
                    "all sizes must be at least 1, got inputSize="
                            + inputSize
                            + " outputSize="
                            + outputSize
                            + " scenarios="
                            + scenarios
                            + " tasks="
                            + tasks
                            + " rank="
                            + rank);
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
        long scenarioLayer =
                ForwardFlops.product(inputSize, outputSize)
                        + ForwardFlops.product(inputSize, kr)
                        + ForwardFlops.product(kr, outputSize);
        long taskLayer =
                3
                        * (ForwardFlops.product(outputSize, 1)
                                + ForwardFlops.product(outputSize, mr)
                                + ForwardFlops.product(mr, 1));
        return scenarioLayer + taskLayer;
    }

    /**
     * The reference code's initialisation: the shared units Xavier-normal, the LoRA {@code A}
     * matrices normal with the reference's 3-D fan ({@code std = sqrt(2/(d·r + n·r))} for n units),
     * every {@code B} and every bias zero, so each specific unit starts out producing only its
     * bias. Draws come from ND4J's global generator, which the graph seeds before initialising.
     */
    static void initialise(
            Map<String, INDArray> params,
            int inputSize,
            int outputSize,
            int scenarios,
            int tasks,
            int rank) {
        normal(params.get("Ws"), Math.sqrt(2.0 / (inputSize + outputSize)));
        normal(
                params.get("As"),
                Math.sqrt(2.0 / ((double) inputSize * rank + (double) scenarios * rank)));
        normal(params.get("Wt"), Math.sqrt(2.0 / (outputSize + 1.0)));
        normal(
                params.get("At"),
                Math.sqrt(2.0 / ((double) outputSize * rank + (double) tasks * rank)));
        for (String zero : new String[] {"bs", "Bs", "cs", "bt", "Bt", "ct"}) {
            params.get(zero).assign(0);
        }
    }

    private static void normal(INDArray target, double std) {
        target.assign(Nd4j.randn(target.dataType(), target.shape()).muli(std));
    }
}
