package dev.flowrec.data.movielens;

import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;

/**
 * One event of the MovieLens replay, in event-time order: a rating shown as an impression, or the
 * click or like feedback it earns. The Avro records are mutable; treat them as read-only.
 */
public sealed interface ReplayEvent {

    /** Event time in epoch milliseconds. */
    long eventTime();

    /**
     * A rating replayed as an impression.
     *
     * @param impression the record to publish
     * @param row the rating's row in {@link MovieLens1m}
     * @param rating the rating, 1 to 5, from which the final labels follow; for evaluation only,
     *     never a feature
     */
    record ImpressionEvent(Impression impression, int row, int rating) implements ReplayEvent {
        @Override
        public long eventTime() {
            return impression.getEventTime();
        }

        /** Final label of a task: 1 if its feedback follows in the stream, else 0. */
        public int finalLabel(String task) {
            return switch (task) {
                case MovieLens1m.CLICK -> rating > 3 ? 1 : 0;
                case MovieLens1m.LIKE -> rating > 4 ? 1 : 0;
                default ->
                        throw new IllegalArgumentException(
                                String.format(
                                        "unknown task '%s', known tasks are %s",
                                        task, MovieLens1m.TASKS));
            };
        }
    }

    /**
     * A click or like, strictly after its impression.
     *
     * @param feedback the record to publish
     */
    record FeedbackEvent(Feedback feedback) implements ReplayEvent {
        @Override
        public long eventTime() {
            return feedback.getEventTime();
        }
    }
}
