package dev.flowrec.data.synthetic;

import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;

import java.util.Map;

/**
 * One event of the synthetic stream, in event-time order: an impression (with the truth behind it)
 * or a piece of feedback. The Avro records are the ones a producer would publish; they are mutable
 * Avro objects, so treat them as read-only.
 */
public sealed interface SyntheticEvent {

    /** Event time in epoch milliseconds. */
    long eventTime();

    /**
     * An impression with what the generator knows and a model can only estimate.
     *
     * @param impression the record to publish
     * @param trueProbability per task, the probability the generator used: {@code click} is
     *     P(click), {@code conversion} is P(click) x P(conversion | click), the per-impression
     *     conversion probability
     * @param finalLabel per task, 1 if that feedback will follow in the stream, else 0
     */
    record ImpressionEvent(
            Impression impression,
            Map<String, Double> trueProbability,
            Map<String, Integer> finalLabel)
            implements SyntheticEvent {

        public ImpressionEvent {
            trueProbability = Map.copyOf(trueProbability);
            finalLabel = Map.copyOf(finalLabel);
        }

        @Override
        public long eventTime() {
            return impression.getEventTime();
        }

        /** The true probability of one task. */
        public double trueProbability(String task) {
            return lookup(trueProbability, task);
        }

        /** The final label of one task. */
        public int finalLabel(String task) {
            return lookup(finalLabel, task);
        }

        private static <V> V lookup(Map<String, V> map, String task) {
            V value = map.get(task);
            if (value == null) {
                throw new IllegalArgumentException(
                        String.format("unknown task '%s', known tasks are %s", task, map.keySet()));
            }
            return value;
        }
    }

    /**
     * A click or a conversion, strictly after its impression (and a conversion strictly after its
     * click).
     *
     * @param feedback the record to publish
     */
    record FeedbackEvent(Feedback feedback) implements SyntheticEvent {
        @Override
        public long eventTime() {
            return feedback.getEventTime();
        }
    }
}
