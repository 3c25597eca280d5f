package dev.flowrec.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.event.EventReader;
import dev.flowrec.core.event.EventTimeBounds;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Untrusted bytes never escape {@link EventCodec#decode} as anything but an {@link IOException},
 * and never escape the job's {@link EventReader} at all: not an {@link Error}, not a runtime
 * exception, and never after allocating more than the record holds. The inputs are generated from a
 * fixed seed so a failure reproduces: random bytes, valid headers followed by hostile lengths and
 * counts, every truncation of valid records, and random byte flips of them.
 */
class HostileBytesTest {
    private static final EventCodec<Impression> IMPRESSIONS = EventCodec.of(Impression.class);
    private static final EventCodec<Feedback> FEEDBACK = EventCodec.of(Feedback.class);
    private static final EventCodec<SnapshotRecord> SNAPSHOTS = EventCodec.of(SnapshotRecord.class);

    @Test
    void aStringLengthOfTwoGigabytesInAFifteenByteRecordIsRejectedWithoutAllocating() {
        byte[] hostile = withBody(header(IMPRESSIONS), zigZag(2_000_000_000L));

        assertThat(hostile).hasSize(15);
        assertThatThrownBy(() -> IMPRESSIONS.decode(hostile))
                .isInstanceOf(IOException.class)
                .hasNoCause()
                .hasMessageContaining("declares 2000000000 bytes");
    }

    @Test
    void aHugeMapCountIsRejectedBeforeAnyEntryIsRead() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String field : List.of("i1", "u1", "v1", "feed")) {
            body.write(zigZag(field.length()));
            body.write(field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (field.equals("i1")) {
                body.write(zigZag(1_700_000_000_000L));
            }
        }
        body.write(zigZag(Integer.MAX_VALUE)); // the categorical map's first block count
        byte[] hostile = withBody(header(IMPRESSIONS), body.toByteArray());

        assertThatThrownBy(() -> IMPRESSIONS.decode(hostile))
                .isInstanceOf(IOException.class)
                .hasNoCause()
                .hasMessageContaining("a map block declares 2147483647 items");
    }

    @Test
    void thousandsOfGeneratedHostileInputsEndAsIOExceptionsOrRecords() {
        SplittableRandom random = new SplittableRandom(20261207L);
        List<Attempt> attempts = new ArrayList<>();
        for (EventCodec<? extends SpecificRecord> codec :
                List.of(IMPRESSIONS, FEEDBACK, SNAPSHOTS)) {
            byte[] valid = validRecord(codec);
            for (int length = 0; length < valid.length; length++) {
                attempts.add(new Attempt(codec, Arrays.copyOf(valid, length)));
            }
            for (int i = 0; i < 1_000; i++) {
                byte[] flipped = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                attempts.add(new Attempt(codec, flipped));
            }
            for (int i = 0; i < 1_000; i++) {
                byte[] body = new byte[random.nextInt(64)];
                random.nextBytes(body);
                attempts.add(new Attempt(codec, withBody(header(codec), body)));
                attempts.add(
                        new Attempt(
                                codec,
                                withBody(
                                        header(codec),
                                        zigZag(random.nextLong(-(1L << 40), 1L << 40)))));
            }
            for (int i = 0; i < 500; i++) {
                byte[] noise = new byte[random.nextInt(40)];
                random.nextBytes(noise);
                attempts.add(new Attempt(codec, noise));
            }
        }

        assertThat(attempts).hasSizeGreaterThan(8_000);
        EventReader job =
                new EventReader(
                        new ScenarioTaskSpace(List.of("feed"), List.of("click")),
                        new EventTimeBounds(Duration.ofMinutes(5), null),
                        Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
        EventTimeReader impressionTimes = EventTimeReader.of(Impression.class);
        for (Attempt attempt : attempts) {
            // The job's reader turns every outcome into an accepted record or a dead letter.
            if (attempt.codec() == IMPRESSIONS) {
                assertThat(job.readImpression(attempt.bytes())).isNotNull();
                try {
                    impressionTimes.read(attempt.bytes());
                } catch (IOException expected) {
                    // what the source's timestamping must get for bad bytes, and nothing else
                }
            } else if (attempt.codec() == FEEDBACK) {
                assertThat(job.readFeedback(attempt.bytes())).isNotNull();
            }
            try {
                attempt.codec().decode(attempt.bytes());
            } catch (IOException expected) {
                assertThat(expected.getCause() instanceof OutOfMemoryError)
                        .as("the bounded decoder, not the catch-all, stops %s", attempt)
                        .isFalse();
            } catch (Throwable escaped) {
                throw new AssertionError(
                        "decoding escaped as " + escaped + " for " + attempt, escaped);
            }
        }
    }

    private record Attempt(EventCodec<? extends SpecificRecord> codec, byte[] bytes) {
        @Override
        public String toString() {
            return codec.type().getSimpleName() + " " + Arrays.toString(bytes);
        }
    }

    private static byte[] validRecord(EventCodec<? extends SpecificRecord> codec) {
        if (codec == IMPRESSIONS) {
            return IMPRESSIONS.encode(EventCodecTest.impression());
        }
        if (codec == FEEDBACK) {
            return FEEDBACK.encode(
                    Feedback.newBuilder()
                            .setImpressionId("i1")
                            .setTask("click")
                            .setEventTime(1_700_000_000_500L)
                            .build());
        }
        return SNAPSHOTS.encode(
                SnapshotRecord.newBuilder()
                        .setPayload(
                                SnapshotChunk.newBuilder()
                                        .setModelId("ctr")
                                        .setLineageId("lineage-a")
                                        .setVersion(3)
                                        .setIndex(0)
                                        .setData(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                                        .build())
                        .build());
    }

    /** The marker and fingerprint of the codec's current schema: the first 10 bytes it writes. */
    private static byte[] header(EventCodec<? extends SpecificRecord> codec) {
        return Arrays.copyOf(validRecord(codec), 10);
    }

    private static byte[] withBody(byte[] header, byte[] body) {
        byte[] out = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    private static byte[] zigZag(long value) {
        long raw = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((raw & ~0x7FL) != 0) {
            out.write((int) ((raw & 0x7F) | 0x80));
            raw >>>= 7;
        }
        out.write((int) raw);
        return out.toByteArray();
    }
}
