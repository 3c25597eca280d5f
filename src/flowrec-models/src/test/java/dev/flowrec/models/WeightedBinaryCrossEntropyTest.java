package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

class WeightedBinaryCrossEntropyTest {
    private static final float[] LOGITS = {0.3f, -0.2f, 1.5f, 0.7f};
    private static final float[] LABELS = {1, 0, 1, 0};
    private final WeightedBinaryCrossEntropy loss = new WeightedBinaryCrossEntropy();

    @Test
    void unweightedMatchesDl4jBinaryCrossEntropy() {
        INDArray labels = column(LABELS);

        double ours =
                loss.computeScore(labels, column(LOGITS), new ActivationSigmoid(), null, false);
        double dl4j =
                new LossBinaryXENT()
                        .computeScore(labels, column(LOGITS), new ActivationSigmoid(), null, false);
        INDArray ourGradient =
                loss.computeGradient(labels, column(LOGITS), new ActivationSigmoid(), null);
        INDArray dl4jGradient =
                new LossBinaryXENT()
                        .computeGradient(labels, column(LOGITS), new ActivationSigmoid(), null);

        assertThat(ours).isCloseTo(dl4j, within(1e-5));
        assertThat(ourGradient.sub(dl4jGradient).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    @Test
    void weightScalesScoreAndGradientLinearly() {
        INDArray unweighted = pairs(LABELS, new float[] {1, 1, 1, 1});
        INDArray weighted = pairs(LABELS, new float[] {2, 0, 0.5f, 1});
        float[] factors = {2, 0, 0.5f, 1};

        INDArray base =
                loss.computeScoreArray(unweighted, column(LOGITS), new ActivationSigmoid(), null);
        INDArray scaled =
                loss.computeScoreArray(weighted, column(LOGITS), new ActivationSigmoid(), null);
        INDArray baseGradient =
                loss.computeGradient(unweighted, column(LOGITS), new ActivationSigmoid(), null);
        INDArray scaledGradient =
                loss.computeGradient(weighted, column(LOGITS), new ActivationSigmoid(), null);

        for (int i = 0; i < factors.length; i++) {
            assertThat(scaled.getFloat(i, 0))
                    .isCloseTo(factors[i] * base.getFloat(i, 0), within(1e-6f));
            assertThat(scaledGradient.getFloat(i, 0))
                    .isCloseTo(factors[i] * baseGradient.getFloat(i, 0), within(1e-6f));
        }
    }

    @Test
    void stableForLargeLogits() {
        INDArray logits = column(new float[] {80f, -80f});
        INDArray labels = column(new float[] {0, 1});

        double score = loss.computeScore(labels, logits, new ActivationSigmoid(), null, true);

        assertThat(score).isCloseTo(80.0, within(1e-4));
    }

    /**
     * Guard: why weights are not DL4J label masks. If this starts failing after a DL4J upgrade,
     * masks may have become usable for weights; the workaround can stay either way.
     */
    @Test
    void dl4jBinaryCrossEntropySquaresMaskValuesInM21() {
        INDArray labels = column(LABELS);
        INDArray one =
                new LossBinaryXENT()
                        .computeGradient(
                                labels,
                                column(LOGITS),
                                new ActivationSigmoid(),
                                column(new float[] {1, 1, 1, 1}));
        INDArray two =
                new LossBinaryXENT()
                        .computeGradient(
                                labels,
                                column(LOGITS),
                                new ActivationSigmoid(),
                                column(new float[] {2, 2, 2, 2}));

        assertThat(two.div(one).minNumber().doubleValue()).isCloseTo(4.0, within(1e-4));
    }

    @Test
    void rejectsOtherActivationsAndLabelShapes() {
        assertThatThrownBy(
                        () ->
                                loss.computeGradient(
                                        column(LABELS),
                                        column(LOGITS),
                                        new ActivationIdentity(),
                                        null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a sigmoid output layer");
        INDArray threeColumns = Nd4j.zeros(DataType.FLOAT, 4, 3);
        assertThatThrownBy(
                        () ->
                                loss.computeGradient(
                                        threeColumns,
                                        column(LOGITS),
                                        new ActivationSigmoid(),
                                        null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "labels of shape [4, 3] fit neither the output shape [4, 1] nor labels"
                                + " followed by weights (twice its columns)");
    }

    private static INDArray column(float[] values) {
        return Nd4j.create(values.clone(), new long[] {values.length, 1}, DataType.FLOAT);
    }

    private static INDArray pairs(float[] labels, float[] weights) {
        float[] data = new float[2 * labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[2 * i] = labels[i];
            data[2 * i + 1] = weights[i];
        }
        return Nd4j.create(data, new long[] {labels.length, 2}, DataType.FLOAT);
    }
}
