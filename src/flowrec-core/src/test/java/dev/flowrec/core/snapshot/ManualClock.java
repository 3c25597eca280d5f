package dev.flowrec.core.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when the test says so. */
final class ManualClock implements InstantSource {
    private Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
