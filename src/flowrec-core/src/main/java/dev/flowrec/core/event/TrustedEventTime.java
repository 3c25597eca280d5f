package dev.flowrec.core.event;

import dev.flowrec.core.codec.EventTimeReader;
import java.io.IOException;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event time a record read at the source may move its partition's watermark with: its {@code
 * event_time} when the bytes hold one and it lies within the {@link EventTimeBounds}. A record
 * without one is not judged here: {@link EventReader} decodes it again downstream and dead-letters
 * it with the reason, so rejection happens in one place.
 */
public final class TrustedEventTime {
    private final EventTimeReader reader;
    private final EventTimeBounds bounds;
    private final Clock clock;

    public TrustedEventTime(
            Class<? extends SpecificRecord> type, EventTimeBounds bounds, Clock clock) {
        this.reader = EventTimeReader.of(type);
        this.bounds = bounds;
        this.clock = clock;
    }

    /** The record's event time, or null when it has none to trust. */
    public Long of(byte[] value) {
        if (value == null) {
            return null;
        }
        long time;
        try {
            time = reader.read(value);
        } catch (IOException e) {
            return null;
        }
        return bounds.problem(time, clock.millis()) == null ? time : null;
    }
}
