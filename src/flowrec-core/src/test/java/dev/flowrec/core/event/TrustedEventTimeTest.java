package dev.flowrec.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** What the source stamps each record with, before anything decodes it. */
class TrustedEventTimeTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final EventTimeBounds BOUNDS =
            new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(1));
    private final TrustedEventTime impressions =
            new TrustedEventTime(Impression.class, BOUNDS, CLOCK);
    private final TrustedEventTime feedback = new TrustedEventTime(Feedback.class, BOUNDS, CLOCK);

    private static byte[] impression(long time) {
        return EventCodec.of(Impression.class)
                .encode(
                        Impression.newBuilder()
                                .setImpressionId("i")
                                .setEventTime(time)
                                .setUserId("u")
                                .setItemId("v")
                                .setScenario("any scenario: time is all that is read")
                                .setCategorical(Map.of("device", "web"))
                                .setSequences(Map.of("clicked", List.of("a", "b")))
                                .build());
    }

    @Test
    void theTimeOfAnEventWithinBoundsIsTrusted() {
        long time = NOW - 12_345;
        assertThat(impressions.of(impression(time))).isEqualTo(time);
        byte[] fb =
                EventCodec.of(Feedback.class)
                        .encode(
                                Feedback.newBuilder()
                                        .setImpressionId("i")
                                        .setTask("click")
                                        .setEventTime(NOW + 1_000)
                                        .setValue(3.5)
                                        .build());
        assertThat(feedback.of(fb)).isEqualTo(NOW + 1_000);
    }

    @Test
    void aTimeOutOfBoundsIsNotTrusted() {
        assertThat(impressions.of(impression(NOW + Duration.ofMinutes(50).toMillis()))).isNull();
        assertThat(impressions.of(impression(NOW - Duration.ofDays(2).toMillis()))).isNull();
        assertThat(impressions.of(impression(-1))).isNull();
    }

    @Test
    void bytesWithoutAReadableTimeAreNotTrusted() {
        byte[] good = impression(NOW);
        assertThat(impressions.of(null)).isNull();
        assertThat(impressions.of(new byte[] {1, 2, 3})).isNull();
        assertThat(impressions.of(java.util.Arrays.copyOf(good, 12))).isNull();
        // A Feedback on the impressions topic: another schema's fingerprint.
        assertThat(
                        impressions.of(
                                EventCodec.of(Feedback.class)
                                        .encode(
                                                Feedback.newBuilder()
                                                        .setImpressionId("i")
                                                        .setTask("click")
                                                        .setEventTime(NOW)
                                                        .build())))
                .isNull();
    }

    @Test
    void anImpressionWrittenWithTheOlderSchemaHasItsTimeRead() {
        Schema v1 =
                EventCodec.historicSchemas().stream()
                        .filter(s -> s.getName().equals("Impression"))
                        .filter(s -> s.getField("sequences") == null)
                        .findFirst()
                        .orElseThrow();
        GenericRecord old = new GenericData.Record(v1);
        old.put("impression_id", "old-1");
        old.put("event_time", NOW - 7);
        old.put("user_id", "u");
        old.put("item_id", "v");
        old.put("scenario", "search");
        old.put("categorical", Map.of("device", "web"));
        old.put("numeric", Map.of("price", 2.0));
        ByteBuffer encoded;
        try {
            encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        assertThat(impressions.of(bytes)).isEqualTo(NOW - 7);
    }
}
