package dev.flowrec.models.delay;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.label.correction.DelayEstimate;
import dev.flowrec.core.label.correction.DelayOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The auxiliary delay model of ES-DFM and DEFER: per task, a softmax regression over the
 * impression's embedding rows and scenario that tells apart conversions within the observation
 * window, conversions after it, and none ({@link DelayOutcome}). From it, {@code dp = P(after)} and
 * {@code tn = P(none) / (P(after) + P(none))}, the chance that an observed negative stays negative.
 *
 * <p>Small on purpose (three numbers per embedding row and task, trained by plain SGD one final
 * label at a time) and separate from the main model: it learns on the same stream, from the join's
 * final labels, and never shares gradients with the model it corrects. Not thread-safe.
 */
public final class DelayModel {
    private static final int MAGIC = 0x46524444; // "FRDD"
    private static final int K = DelayOutcome.CLASSES;
    /**
     * Start of the "converts after the observation window" logit. Final labels reach the model only
     * once an attribution window has closed, so it predicts from its start for a whole window: a
     * uniform start (dp = 1/3, tn = 1/2) would double the odds of every positive until then (a demo
     * served conversions at twice their rate). Starting near dp = 0, tn = 1 makes the weights about
     * 1, plain training, until evidence arrives.
     */
    static final float NEUTRAL_DELAYED_LOGIT = -4f;

    private final int tasks;
    private final int rows;
    private final int scenarios;
    private final float learningRate;
    private final float[] weights; // [task][row][class]
    private final float[] biases; // [task][scenario][class]
    private long examplesLearned;

    public DelayModel(int tasks, int rows, int scenarios, float learningRate) {
        if (tasks < 1 || rows < 1 || scenarios < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("tasks, rows, scenarios and learning rate must be positive, got " + tasks
                    + ", " + rows + ", " + scenarios + ", " + learningRate);
        }
        this.tasks = tasks;
        this.rows = rows;
        this.scenarios = scenarios;
        this.learningRate = learningRate;
        this.weights = new float[tasks * rows * K];
        this.biases = new float[tasks * scenarios * K];
        for (int b = DelayOutcome.DELAYED; b < biases.length; b += K) {
            biases[b] = NEUTRAL_DELAYED_LOGIT;
        }
    }

    /** Estimates for every example and task of a batch, {@code [example][task]}. */
    public DelayEstimate[][] predict(Batch batch) {
        DelayEstimate[][] out = new DelayEstimate[batch.size()][tasks];
        double[] prob = new double[K];
        int[] featureRows = new int[batch.fields()];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.featureRows(), i * batch.fields(), featureRows, 0, batch.fields());
            for (int t = 0; t < tasks; t++) {
                probabilities(t, featureRows, batch.scenarios()[i], prob);
                double after = prob[DelayOutcome.DELAYED];
                double never = prob[DelayOutcome.NEVER];
                out[i][t] = new DelayEstimate(after, never / (after + never));
            }
        }
        return out;
    }

    /** One SGD step of cross-entropy on one impression's outcome per task ({@link DelayOutcome#ABSENT} skips). */
    public void learn(int[] featureRows, int scenario, int[] outcomes) {
        double[] prob = new double[K];
        for (int t = 0; t < tasks; t++) {
            if (outcomes[t] == DelayOutcome.ABSENT) {
                continue;
            }
            probabilities(t, featureRows, scenario, prob);
            for (int k = 0; k < K; k++) {
                double gradient = (k == outcomes[t] ? 1 : 0) - prob[k];
                // The scenario bias sees every example and learns the base rates at the full rate
                // (the uniform start is far from a rare conversion's shares); the rows share a step
                // of the same size, so an impression moves its logit by about twice the rate however
                // many fields it has.
                biases[(t * scenarios + scenario) * K + k] += (float) (learningRate * gradient);
                float step = (float) (learningRate * gradient / featureRows.length);
                for (int r : featureRows) {
                    weights[(t * rows + r) * K + k] += step;
                }
            }
        }
        examplesLearned++;
    }

    public long examplesLearned() {
        return examplesLearned;
    }

    private void probabilities(int t, int[] featureRows, int scenario, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            double z = biases[(t * scenarios + scenario) * K + k];
            for (int r : featureRows) {
                z += weights[(t * rows + r) * K + k];
            }
            out[k] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int k = 0; k < K; k++) {
            out[k] = Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < K; k++) {
            out[k] /= sum;
        }
    }

    /** Shape, learning rate, examples learned and parameters, big-endian; {@link #fromBytes} reads it back. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 * (weights.length + biases.length) + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(tasks);
            out.writeInt(rows);
            out.writeInt(scenarios);
            out.writeFloat(learningRate);
            out.writeLong(examplesLearned);
            for (float w : weights) {
                out.writeFloat(w);
            }
            for (float b : biases) {
                out.writeFloat(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the delay model to memory failed", e);
        }
        return bytes.toByteArray();
    }

    public static DelayModel fromBytes(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format("not a delay model: magic 0x%08X", magic));
            }
            DelayModel model = new DelayModel(in.readInt(), in.readInt(), in.readInt(), in.readFloat());
            model.examplesLearned = in.readLong();
            for (int i = 0; i < model.weights.length; i++) {
                model.weights[i] = in.readFloat();
            }
            for (int i = 0; i < model.biases.length; i++) {
                model.biases[i] = in.readFloat();
            }
            return model;
        } catch (IOException e) {
            throw new IllegalArgumentException("delay model bytes are truncated (" + state.length + " bytes)", e);
        }
    }
}
