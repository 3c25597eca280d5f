package dev.flowrec.job.intake;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.core.event.DeadLetterPayload;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.RawRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output every operator sends unusable input to, and how its records are built. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letter", TypeInformation.of(DeadLetter.class));

    private DeadLetters() {}

    /**
     * A dead letter for a raw record, keeping at most {@code maxPayloadBytes} of its value ({@link
     * DeadLetterPayload}).
     */
    public static DeadLetter of(
            RawRecord raw, DeadLetterReason reason, String message, long maxPayloadBytes) {
        return build(
                raw.getTopic(),
                raw.getPartition(),
                raw.getOffset(),
                raw.getKey(),
                DeadLetterPayload.of(bytes(raw.getValue()), maxPayloadBytes),
                reason,
                message);
    }

    /**
     * For records the job produced itself from a decoded event (the join's orphans and late
     * feedback).
     */
    public static DeadLetter of(
            String topic,
            String key,
            byte[] payload,
            DeadLetterReason reason,
            String message,
            long maxPayloadBytes) {
        return build(
                topic,
                -1,
                -1L,
                ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)),
                DeadLetterPayload.of(payload, maxPayloadBytes),
                reason,
                message);
    }

    private static DeadLetter build(
            String topic,
            int partition,
            long offset,
            ByteBuffer key,
            DeadLetterPayload payload,
            DeadLetterReason reason,
            String message) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setMessage(payload.describe(message))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key)
                .setPayload(ByteBuffer.wrap(payload.kept()))
                .setPayloadSize(payload.originalSize())
                .setPayloadSha256(ByteBuffer.wrap(payload.sha256()))
                .setDeadLetteredAt(System.currentTimeMillis())
                .build();
    }

    /** The bytes of an Avro {@code bytes} field, or null for a missing one. */
    static byte[] bytes(ByteBuffer buffer) {
        return buffer == null ? null : Hashes.toArray(buffer);
    }
}
