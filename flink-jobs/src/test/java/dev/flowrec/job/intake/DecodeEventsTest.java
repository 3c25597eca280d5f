package dev.flowrec.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.event.EventTimeBounds;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Impression;
import dev.flowrec.events.RawRecord;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Bad input becomes dead letters that fit their topic, and never stops the operator. */
class DecodeEventsTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("feed"), List.of("click"));
    private static final int MAX_PAYLOAD = 1024;

    @Test
    void aValueLargerThanTheBudgetIsDeadLetteredCutWithItsSizeAndHash() throws Exception {
        byte[] value = new byte[2_000_000];
        new Random(7).nextBytes(value);

        List<DeadLetter> letters = deadLetters(raw(value));

        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(letter.getPayload().remaining()).isEqualTo(MAX_PAYLOAD);
        assertThat(letter.getPayloadSize()).isEqualTo(2_000_000L);
        assertThat(Hashes.toArray(letter.getPayloadSha256()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(value));
        assertThat(letter.getMessage()).contains("payload truncated to 1024 of 2000000 bytes");
    }

    @Test
    void aSmallBadValueIsKeptWholeAndAHostileLengthIsADeadLetterNotAnError() throws Exception {
        byte[] header = new byte[] {(byte) 0xC3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0x50};

        List<DeadLetter> letters = deadLetters(raw(header));

        assertThat(letters).hasSize(1);
        assertThat(Hashes.toArray(letters.get(0).getPayload())).isEqualTo(header);
        assertThat(letters.get(0).getPayloadSize()).isEqualTo(header.length);
        assertThat(letters.get(0).getMessage()).doesNotContain("truncated");
    }

    private static List<DeadLetter> deadLetters(RawRecord record) throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Impression> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        DecodeEvents.impressions(
                                SPACE,
                                new EventTimeBounds(Duration.ofMinutes(5), null),
                                MAX_PAYLOAD))) {
            harness.processElement(record, 0L);
            assertThat(harness.extractOutputValues()).isEmpty();
            return harness.getSideOutput(DeadLetters.TAG).stream()
                    .map(StreamRecord::getValue)
                    .toList();
        }
    }

    private static RawRecord raw(byte[] value) {
        return RawRecord.newBuilder()
                .setTopic("flowrec.impressions")
                .setPartition(0)
                .setOffset(42L)
                .setTimestamp(0L)
                .setKey(null)
                .setValue(ByteBuffer.wrap(value))
                .build();
    }
}
