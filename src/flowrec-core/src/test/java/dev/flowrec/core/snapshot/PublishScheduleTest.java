package dev.flowrec.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.FlowRecConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishScheduleTest {
    private static final PublishSchedule EVERY_100_OR_30S =
            new PublishSchedule(100, Duration.ofSeconds(30));

    @Test
    void countTriggerFiresAtTheIntervalNotBefore() {
        assertThat(EVERY_100_OR_30S.isDue(99, Duration.ZERO.toMillis())).isFalse();
        assertThat(EVERY_100_OR_30S.isDue(100, Duration.ZERO.toMillis())).isTrue();
        assertThat(EVERY_100_OR_30S.isDue(250, Duration.ZERO.toMillis()))
                .as("a batch may overshoot the interval")
                .isTrue();
    }

    @Test
    void timeTriggerFiresOnceTheIntervalPassedWithSomethingNewTrained() {
        assertThat(EVERY_100_OR_30S.isDue(1, Duration.ofSeconds(29).toMillis())).isFalse();
        assertThat(EVERY_100_OR_30S.isDue(1, Duration.ofSeconds(30).toMillis())).isTrue();
        assertThat(EVERY_100_OR_30S.isDue(0, Duration.ofHours(1).toMillis()))
                .as("nothing trained since the last publish: a new version would repeat it")
                .isFalse();
    }

    @Test
    void aClockThatWentBackOnlyDelaysTheTimeTrigger() {
        assertThat(EVERY_100_OR_30S.isDue(1, Duration.ofSeconds(-5).toMillis())).isFalse();
        assertThat(EVERY_100_OR_30S.isDue(100, Duration.ofSeconds(-5).toMillis())).isTrue();
    }

    @Test
    void readsBothIntervalsFromTheOptions() {
        PublishSchedule schedule =
                PublishSchedule.from(
                        FlowRecConfig.of(
                                Map.of(
                                        "snapshots.interval-examples",
                                        "500",
                                        "snapshots.interval",
                                        "2min")));
        assertThat(schedule).isEqualTo(new PublishSchedule(500, Duration.ofMinutes(2)));
    }

    @Test
    void rejectsIntervalsThatWouldPublishOnEveryExampleOrNever() {
        assertThatThrownBy(() -> new PublishSchedule(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new PublishSchedule(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }
}
