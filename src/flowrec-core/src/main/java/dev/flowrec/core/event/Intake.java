package dev.flowrec.core.event;

import dev.flowrec.events.DeadLetterReason;
import java.util.Objects;

/**
 * The outcome of reading one raw record: the decoded, valid record, or the reason it must go to the
 * dead-letter topic.
 */
public record Intake<T>(T record, DeadLetterReason reason, String message) {

    public static <T> Intake<T> accepted(T record) {
        return new Intake<>(Objects.requireNonNull(record, "record"), null, null);
    }

    public static <T> Intake<T> rejected(DeadLetterReason reason, String message) {
        return new Intake<>(null, Objects.requireNonNull(reason, "reason"), message);
    }

    public boolean isAccepted() {
        return record != null;
    }
}
