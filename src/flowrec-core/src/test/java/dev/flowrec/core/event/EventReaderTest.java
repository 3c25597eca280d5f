package dev.flowrec.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventReaderTest {
    private static final long NOW = 1_700_000_000_000L;
    private final EventReader reader =
            new EventReader(
                    new ScenarioTaskSpace(
                            List.of("feed", "search"), List.of("click", "conversion")),
                    new EventTimeBounds(Duration.ofHours(1), Duration.ofDays(2)),
                    Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final EventCodec<Impression> impressions = EventCodec.of(Impression.class);
    private final EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);

    private static Impression.Builder impression() {
        return Impression.newBuilder()
                .setImpressionId("i1")
                .setEventTime(NOW)
                .setUserId("u")
                .setItemId("v")
                .setScenario("feed");
    }

    @Test
    void acceptsAValidImpressionAndFeedback() {
        assertThat(reader.readImpression(impressions.encode(impression().build())).isAccepted())
                .isTrue();
        Feedback fb =
                Feedback.newBuilder()
                        .setImpressionId("i1")
                        .setTask("conversion")
                        .setEventTime(NOW)
                        .build();
        assertThat(reader.readFeedback(feedback.encode(fb)).record()).isEqualTo(fb);
    }

    @Test
    void undecodableBytesAreRejectedNotThrown() {
        Intake<Impression> intake = reader.readImpression(new byte[] {0x42, 0x00, 0x01});
        assertThat(intake.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(intake.message()).startsWith("not an Impression");
        assertThat(reader.readFeedback(null).reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void invalidImpressionsNameTheProblem() {
        assertThat(
                        reader.readImpression(
                                        impressions.encode(
                                                impression().setScenario("cart").build()))
                                .message())
                .contains("unknown scenario 'cart'");
        assertThat(
                        reader.readImpression(
                                        impressions.encode(impression().setUserId(" ").build()))
                                .message())
                .contains("user_id is empty");
        assertThat(
                        reader.readImpression(
                                        impressions.encode(
                                                impression()
                                                        .setNumeric(Map.of("p", Double.NaN))
                                                        .build()))
                                .message())
                .contains("'p' is not finite");
    }

    @Test
    void anEventOutOfTimeBoundsIsRejectedForItsTimeBeforeAnythingElse() {
        Intake<Impression> future =
                reader.readImpression(
                        impressions.encode(
                                impression()
                                        .setScenario("cart")
                                        .setEventTime(NOW + Duration.ofMinutes(61).toMillis())
                                        .build()));
        assertThat(future.reason()).isEqualTo(DeadLetterReason.OUT_OF_TIME_BOUNDS);
        assertThat(future.message()).contains("more than PT1H in the future");
        Feedback old =
                Feedback.newBuilder()
                        .setImpressionId("i1")
                        .setTask("click")
                        .setEventTime(NOW - Duration.ofDays(3).toMillis())
                        .build();
        Intake<Feedback> past = reader.readFeedback(feedback.encode(old));
        assertThat(past.reason()).isEqualTo(DeadLetterReason.OUT_OF_TIME_BOUNDS);
        assertThat(past.message()).contains("more than PT48H in the past");
        assertThat(
                        reader.readImpression(
                                        impressions.encode(impression().setEventTime(-5).build()))
                                .reason())
                .isEqualTo(DeadLetterReason.OUT_OF_TIME_BOUNDS);
        assertThat(
                        reader.readImpression(
                                        impressions.encode(
                                                impression()
                                                        .setEventTime(
                                                                NOW
                                                                        + Duration.ofMinutes(59)
                                                                                .toMillis())
                                                        .build()))
                                .isAccepted())
                .isTrue();
    }

    @Test
    void feedbackForAnUnknownTaskIsInvalid() {
        Feedback fb =
                Feedback.newBuilder()
                        .setImpressionId("i1")
                        .setTask("like")
                        .setEventTime(NOW)
                        .build();
        Intake<Feedback> intake = reader.readFeedback(feedback.encode(fb));
        assertThat(intake.reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(intake.message()).contains("unknown task 'like'");
    }
}
