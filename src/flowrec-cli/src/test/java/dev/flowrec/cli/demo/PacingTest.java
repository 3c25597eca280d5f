package dev.flowrec.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import org.junit.jupiter.api.Test;

class PacingTest {
    private static final StreamEvent SHOWN =
            new StreamEvent.ImpressionEvent(
                    Impression.newBuilder()
                            .setImpressionId("i")
                            .setEventTime(970_000_000_000L)
                            .setUserId("u")
                            .setItemId("v")
                            .setScenario("0")
                            .build(),
                    new int[] {1},
                    null);
    private static final StreamEvent CLICKED =
            new StreamEvent.FeedbackEvent(
                    Feedback.newBuilder()
                            .setImpressionId("i")
                            .setTask("click")
                            .setEventTime(970_000_030_000L)
                            .build());

    @Test
    void aGeneratedStreamIsSentOnItsOwnEventTimes() {
        assertThat(Pacing.onEventTime().sendAt(SHOWN, 5)).isEqualTo(970_000_000_000L);
        assertThat(Pacing.onEventTime().sendAt(CLICKED, 6)).isEqualTo(970_000_030_000L);
    }

    @Test
    void aRecordedLogSendsImpressionsAtTheRateAndFeedbackAtOnce() {
        Pacing pacing = Pacing.atRate(1_000_000L, 400);

        assertThat(pacing.sendAt(SHOWN, 0)).isEqualTo(1_000_000L);
        assertThat(pacing.sendAt(SHOWN, 400)).isEqualTo(1_001_000L);
        assertThat(pacing.sendAt(SHOWN, 1)).isEqualTo(1_000_003L); // 2.5 ms, rounded
        assertThat(pacing.sendAt(CLICKED, 401)).as("at once").isZero();
    }
}
