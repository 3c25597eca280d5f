package dev.flowrec.data.stream;

import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.util.Arrays;

/**
 * One event of an {@link EventStream}, in event-time order: an impression, with what the data set
 * knows about how it ends, or a piece of feedback. The Avro records are the ones a producer
 * publishes; they are mutable Avro objects, so treat them as read-only.
 */
public sealed interface StreamEvent {

    /** Event time in epoch milliseconds. */
    long eventTime();

    /**
     * An impression with its outcome, which a benchmark scores against and a model must never see
     * as a feature: per task (in the stream's task order) the final label, 1 if that task's
     * feedback follows in the stream, and, where the data set drew the label from one, the true
     * probability.
     */
    final class ImpressionEvent implements StreamEvent {
        private final Impression impression;
        private final int[] finalLabels;
        private final double[] trueProbabilities;

        /**
         * The arrays become the event's, not copied: a stream makes one event per impression, and
         * its iterators hand over arrays they just filled and never touch again.
         *
         * @param finalLabels per task, 0 or 1
         * @param trueProbabilities per task, or null where the data set does not know them
         */
        public ImpressionEvent(
                Impression impression, int[] finalLabels, double[] trueProbabilities) {
            if (trueProbabilities != null && trueProbabilities.length != finalLabels.length) {
                throw new IllegalArgumentException(
                        String.format(
                                "%d true probabilities for %d tasks",
                                trueProbabilities.length, finalLabels.length));
            }
            this.impression = impression;
            this.finalLabels = finalLabels;
            this.trueProbabilities = trueProbabilities;
        }

        public Impression impression() {
            return impression;
        }

        @Override
        public long eventTime() {
            return impression.getEventTime();
        }

        /** Final label of the task at {@code task} in the stream's task order: 1 or 0. */
        public int finalLabel(int task) {
            return finalLabels[task];
        }

        /**
         * Whether {@link #trueProbability} is known (a generator's stream), not only the outcome (a
         * log).
         */
        public boolean hasTrueProbabilities() {
            return trueProbabilities != null;
        }

        /**
         * The probability the label of the task at {@code task} was drawn with: the Bayes-optimal
         * prediction, the ceiling no model can pass.
         *
         * @throws IllegalStateException where the data set does not know it
         */
        public double trueProbability(int task) {
            if (trueProbabilities == null) {
                throw new IllegalStateException(
                        "the stream does not know the true probabilities of impression "
                                + impression.getImpressionId());
            }
            return trueProbabilities[task];
        }

        /**
         * Same impression, labels and probabilities: what makes two replays of a stream the same.
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof ImpressionEvent other
                    && impression.equals(other.impression)
                    && Arrays.equals(finalLabels, other.finalLabels)
                    && Arrays.equals(trueProbabilities, other.trueProbabilities);
        }

        @Override
        public int hashCode() {
            return impression.hashCode() * 31 + Arrays.hashCode(finalLabels);
        }

        @Override
        public String toString() {
            return "ImpressionEvent["
                    + impression.getImpressionId()
                    + " at "
                    + eventTime()
                    + ", final labels "
                    + Arrays.toString(finalLabels)
                    + "]";
        }
    }

    /** A piece of feedback, strictly after its impression. */
    record FeedbackEvent(Feedback feedback) implements StreamEvent {
        @Override
        public long eventTime() {
            return feedback.getEventTime();
        }
    }
}
