package dev.flowrec.models;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy of a sigmoid output with a loss weight per example and output. The weights
 * travel in the labels array: for an output of {@code n} columns the labels have {@code 2n}, the
 * labels first and then their weights ({@link BatchTensors#weightedLabels}); labels of {@code n}
 * columns mean weight 1. Each example's loss and gradient are multiplied once by its weight, so 0
 * drops it and 2 counts it exactly like a duplicate.
 *
 * <p>Why not DL4J label masks with {@code LossBinaryXENT} (measured on 1.0.0-M2.1): an output layer
 * multiplies its pre-activation by the label mask in the forward pass ({@code
 * BaseLayer.preOutputWithPreNorm}), so a weight 2 doubles the example's logit, and {@code
 * LossBinaryXENT.computeGradient} applies a mask shaped like the output twice (weight w scales the
 * gradient by w² while the score scales by w). Both are harmless for 0/1 masks and wrong for real
 * weights. A 0/1 mask passed to this loss is still honoured.
 *
 * <p>Computed from the logits z in the stable form {@code max(z, 0) - z·y + log(1 + e^-|z|)} with
 * gradient {@code σ(z) - y}; unlike {@code LossBinaryXENT} there is no probability clipping. The
 * output layer's activation must be sigmoid. Stateless. DL4J stores it in the graph JSON by class
 * name, so moving or renaming this class breaks every saved artifact.
 */
public final class WeightedBinaryCrossEntropy implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray computeScoreArray(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkSigmoid(activationFn);
        INDArray[] labelsAndWeights = split(labels, preOutput);
        INDArray loss =
                Transforms.max(preOutput, 0.0, true)
                        .subi(preOutput.mul(labelsAndWeights[0]))
                        .addi(
                                Transforms.log1p(
                                        Transforms.exp(
                                                Transforms.abs(preOutput, true).negi(), false),
                                        false));
        weigh(loss, labelsAndWeights[1], mask);
        return loss.sum(true, 1);
    }

    @Override
    public double computeScore(
            INDArray labels,
            INDArray preOutput,
            IActivation activationFn,
            INDArray mask,
            boolean average) {
        INDArray perExample = computeScoreArray(labels, preOutput, activationFn, mask);
        double score = perExample.sumNumber().doubleValue();
        return average ? score / perExample.size(0) : score;
    }

    @Override
    public INDArray computeGradient(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkSigmoid(activationFn);
        INDArray[] labelsAndWeights = split(labels, preOutput);
        INDArray gradient = Transforms.sigmoid(preOutput, true).subi(labelsAndWeights[0]);
        weigh(gradient, labelsAndWeights[1], mask);
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels,
            INDArray preOutput,
            IActivation activationFn,
            INDArray mask,
            boolean average) {
        return new Pair<>(
                computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "WeightedBinaryCrossEntropy";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedBinaryCrossEntropy;
    }

    @Override
    public int hashCode() {
        return WeightedBinaryCrossEntropy.class.hashCode();
    }

    @Override
    public String toString() {
        return name() + "()";
    }

    private static void checkSigmoid(IActivation activationFn) {
        if (!(activationFn instanceof ActivationSigmoid)) {
            throw new IllegalStateException(
                    "WeightedBinaryCrossEntropy needs a sigmoid output layer, got activation "
                            + activationFn);
        }
    }

    /** {labels, weights or null}, both shaped like the output and of its data type. */
    private static INDArray[] split(INDArray labels, INDArray preOutput) {
        long n = preOutput.size(1);
        INDArray typed = labels.castTo(preOutput.dataType());
        if (labels.rank() == 2 && labels.size(0) == preOutput.size(0)) {
            if (labels.size(1) == n) {
                return new INDArray[] {typed, null};
            }
            if (labels.size(1) == 2 * n) {
                return new INDArray[] {
                    typed.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)),
                    typed.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n))
                };
            }
        }
        throw new IllegalStateException(
                "labels of shape "
                        + Arrays.toString(labels.shape())
                        + " fit neither the output shape "
                        + Arrays.toString(preOutput.shape())
                        + " nor labels followed by weights (twice its columns)");
    }

    /**
     * Multiplies in place by the weights, then by a 0/1 mask (per output or per example) if any.
     */
    private static void weigh(INDArray values, INDArray weights, INDArray mask) {
        if (weights != null) {
            values.muli(weights);
        }
        if (mask == null) {
            return;
        }
        INDArray typed = mask.castTo(values.dataType());
        if (typed.equalShapes(values)) {
            values.muli(typed);
        } else if (typed.isColumnVectorOrScalar() && typed.length() == values.size(0)) {
            values.muliColumnVector(typed.reshape(values.size(0), 1));
        } else {
            throw new IllegalStateException(
                    "label mask of shape "
                            + Arrays.toString(mask.shape())
                            + " fits neither the output shape "
                            + Arrays.toString(values.shape())
                            + " nor one value per example");
        }
    }
}
