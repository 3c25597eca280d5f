package dev.flowrec.job.publish;

import dev.flowrec.core.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic in FlowRec's wire format (Avro single-object encoding) with a UTF-8
 * string key taken from the record.
 */
public final class KeyedAvroSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Picks the record's key; a named class, since lambdas defeat Flink's type extraction. */
    public interface KeyOf<T> extends java.io.Serializable {
        String key(T record);
    }

    private final String topic;
    private final Class<T> type;
    private final KeyOf<T> keyOf;
    private transient EventCodec<T> codec;

    public KeyedAvroSerializer(String topic, Class<T> type, KeyOf<T> keyOf) {
        this.topic = topic;
        this.type = type;
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = EventCodec.of(type);
        }
        String key = keyOf.key(element);
        // No record timestamp: the producer stamps the publish time. The element's own timestamp
        // can be Long.MAX_VALUE (emitted by the end-of-input timer), which brokers reject.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                codec.encode(element));
    }
}
