package dev.flowrec.job.intake;

import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.RawRecord;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output every operator sends unusable input to, and how its records are built. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letter", TypeInformation.of(DeadLetter.class));

    private DeadLetters() {}

    public static DeadLetter of(RawRecord raw, DeadLetterReason reason, String message) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setMessage(message)
                .setSourceTopic(raw.getTopic())
                .setSourcePartition(raw.getPartition())
                .setSourceOffset(raw.getOffset())
                .setKey(raw.getKey())
                .setPayload(raw.getValue() == null ? ByteBuffer.allocate(0) : raw.getValue())
                .setDeadLetteredAt(System.currentTimeMillis())
                .build();
    }

    /**
     * For records the job produced itself from a decoded event (the join's orphans and late
     * feedback).
     */
    public static DeadLetter of(
            String topic, String key, byte[] payload, DeadLetterReason reason, String message) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setMessage(message)
                .setSourceTopic(topic)
                .setSourcePartition(-1)
                .setSourceOffset(-1L)
                .setKey(ByteBuffer.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .setPayload(ByteBuffer.wrap(payload))
                .setDeadLetteredAt(System.currentTimeMillis())
                .build();
    }
}
