package dev.flowrec.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.FlowRecConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTimeBoundsTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long MINUTE = 60_000L;

    @Test
    void theFutureIsBoundedByTheSkewInclusive() {
        EventTimeBounds bounds = new EventTimeBounds(Duration.ofMinutes(5), null);
        assertThat(bounds.problem(NOW + 5 * MINUTE, NOW)).isNull();
        assertThat(bounds.problem(NOW + 5 * MINUTE + 1, NOW))
                .isEqualTo(
                        "event_time "
                                + (NOW + 5 * MINUTE + 1)
                                + " is more than PT5M in the future");
        assertThat(bounds.problem(NOW + 50 * MINUTE, NOW)).contains("in the future");
        assertThat(bounds.problem(Long.MAX_VALUE, NOW)).contains("in the future");
    }

    @Test
    void withoutAnAgeEvenAYearOldBackfillIsWithinBounds() {
        EventTimeBounds bounds = new EventTimeBounds(Duration.ofMinutes(5), null);
        assertThat(bounds.problem(NOW - Duration.ofDays(365).toMillis(), NOW)).isNull();
        assertThat(bounds.problem(1, NOW)).isNull();
    }

    @Test
    void anAgeBoundsThePastInclusive() {
        EventTimeBounds bounds = new EventTimeBounds(Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(bounds.problem(NOW - 60 * MINUTE, NOW)).isNull();
        assertThat(bounds.problem(NOW - 60 * MINUTE - 1, NOW))
                .isEqualTo(
                        "event_time " + (NOW - 60 * MINUTE - 1) + " is more than PT1H in the past");
    }

    @Test
    void aTimeThatIsNoEpochMillisecondIsAlwaysOutOfBounds() {
        EventTimeBounds bounds = new EventTimeBounds(Duration.ofMinutes(5), null);
        assertThat(bounds.problem(0, NOW)).contains("not a positive epoch millisecond");
        assertThat(bounds.problem(Long.MIN_VALUE, NOW)).contains("not a positive epoch");
    }

    @Test
    void configuredFromTheLabelOptionsWithNoAgeByDefault() {
        assertThat(EventTimeBounds.from(FlowRecConfig.of(Map.of())))
                .isEqualTo(new EventTimeBounds(Duration.ofMinutes(5), null));
        assertThat(
                        EventTimeBounds.from(
                                FlowRecConfig.of(
                                        Map.of(
                                                "labels.max-future-skew", "30s",
                                                "labels.max-event-age", "2h"))))
                .isEqualTo(new EventTimeBounds(Duration.ofSeconds(30), Duration.ofHours(2)));
        assertThatThrownBy(() -> new EventTimeBounds(Duration.ofMinutes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
