package dev.flowrec.models.delay;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.label.correction.DelayEstimate;
import dev.flowrec.core.label.correction.DelayOutcome;
import dev.flowrec.events.DelayModelRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
            throw new IllegalArgumentException(
                    "tasks, rows, scenarios and learning rate must be positive, got "
                            + tasks
                            + ", "
                            + rows
                            + ", "
                            + scenarios
                            + ", "
                            + learningRate);
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
            System.arraycopy(
                    batch.featureRows(), i * batch.fields(), featureRows, 0, batch.fields());
            for (int t = 0; t < tasks; t++) {
                probabilities(t, featureRows, batch.scenarios()[i], prob);
                double after = prob[DelayOutcome.DELAYED];
                double never = prob[DelayOutcome.NEVER];
                out[i][t] = new DelayEstimate(after, never / (after + never));
            }
        }
        return out;
    }

    /**
     * One SGD step of cross-entropy on one impression's outcome per task ({@link
     * DelayOutcome#ABSENT} skips).
     */
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
                // of the same size, so an impression moves its logit by about twice the rate
                // however many fields it has.
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

    /** Shape, learning rate, examples learned and parameters; {@link #fromRecord} reads it back. */
    public DelayModelRecord toRecord() {
        return DelayModelRecord.newBuilder()
                .setTasks(tasks)
                .setRows(rows)
                .setScenarios(scenarios)
                .setLearningRate(learningRate)
                .setExamplesLearned(examplesLearned)
                .setWeights(floats(weights))
                .setBiases(floats(biases))
                .build();
    }

    /**
     * @throws IllegalArgumentException when the parameters do not have the shape the record states
     */
    public static DelayModel fromRecord(DelayModelRecord record) {
        DelayModel model =
                new DelayModel(
                        record.getTasks(),
                        record.getRows(),
                        record.getScenarios(),
                        record.getLearningRate());
        model.examplesLearned = record.getExamplesLearned();
        read(record.getWeights(), model.weights, "weights");
        read(record.getBiases(), model.biases, "biases");
        return model;
    }

    private static ByteBuffer floats(float[] values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        return out;
    }

    private static void read(ByteBuffer bytes, float[] into, String what) {
        if (bytes.remaining() != 4 * into.length) {
            throw new IllegalArgumentException(
                    "delay model has "
                            + bytes.remaining()
                            + " bytes of "
                            + what
                            + ", its shape needs "
                            + 4 * into.length);
        }
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into);
    }
}
