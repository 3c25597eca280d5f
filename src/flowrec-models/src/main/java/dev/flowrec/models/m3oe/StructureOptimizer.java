package dev.flowrec.models.m3oe;

import dev.flowrec.events.M3oeStateRecord;
import java.util.Arrays;

/**
 * The structure weights' own Adam (the reference code's "darts" optimiser, lr 1e-3 and weight decay
 * 1e-5 there): PyTorch's Adam with L2-style weight decay (the decay is added to the gradient), β1
 * 0.9, β2 0.999, ε 1e-8. Four numbers do not justify a second DL4J network, so it is plain Java; it
 * also counts training batches to know when the next step is due. Its state travels in the model
 * state so a restored checkpoint continues identically.
 */
final class StructureOptimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double weightDecay;
    private final int interval;
    private final double[] m;
    private final double[] v;
    private long steps;
    private long batches;

    StructureOptimizer(double learningRate, double weightDecay, int interval, int size) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.interval = interval;
        this.m = new double[size];
        this.v = new double[size];
    }

    /** Counts one training batch; true when the structure weights take a step on it first. */
    boolean stepDue() {
        batches++;
        return batches % interval == 0;
    }

    /** Adam steps taken so far. */
    long steps() {
        return steps;
    }

    /** One Adam step of {@code params} in place, given the mean gradient of the loss. */
    void step(double[] params, double[] gradient) {
        steps++;
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i] + weightDecay * params[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            params[i] -= learningRate * mHat / (Math.sqrt(vHat) + EPSILON);
        }
    }

    /** Adds steps, batches and moments to M3oE's state block. */
    M3oeStateRecord.Builder writeTo(M3oeStateRecord.Builder state) {
        return state.setStructureSteps(steps)
                .setStructureBatches(batches)
                .setFirstMoments(Arrays.stream(m).boxed().toList())
                .setSecondMoments(Arrays.stream(v).boxed().toList());
    }

    /** Continues from what {@link #writeTo} stored. */
    void readFrom(M3oeStateRecord state) {
        if (state.getFirstMoments().size() != m.length
                || state.getSecondMoments().size() != v.length) {
            throw new IllegalArgumentException(
                    "M3oE model state has "
                            + state.getFirstMoments().size()
                            + " and "
                            + state.getSecondMoments().size()
                            + " structure moments, expected "
                            + m.length);
        }
        steps = state.getStructureSteps();
        batches = state.getStructureBatches();
        for (int i = 0; i < m.length; i++) {
            m[i] = state.getFirstMoments().get(i);
            v[i] = state.getSecondMoments().get(i);
        }
    }
}
