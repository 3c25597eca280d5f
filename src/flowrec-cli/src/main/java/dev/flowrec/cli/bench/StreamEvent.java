package dev.flowrec.cli.bench;

import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;

/** One event of a B3 stream in event-time order: an impression with its true final labels, or feedback. */
sealed interface StreamEvent {
    long time();

    /** @param finalLabels per task in model order, the label the impression ends up with */
    record Arrival(Impression impression, int[] finalLabels) implements StreamEvent {
        @Override
        public long time() {
            return impression.getEventTime();
        }
    }

    record Reply(Feedback feedback) implements StreamEvent {
        @Override
        public long time() {
            return feedback.getEventTime();
        }
    }
}
