package dev.flowrec.job.intake;

import dev.flowrec.core.event.EventTimeBounds;
import dev.flowrec.core.event.TrustedEventTime;
import dev.flowrec.events.RawRecord;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps each Kafka record as raw bytes with its provenance, plus the event time it may move its
 * partition's watermark with ({@link TrustedEventTime}). Decoding happens in the next operator, so
 * a malformed record can be dead-lettered with its topic, partition and offset instead of failing
 * the source (a throwing deserializer would restart the job forever).
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    private final Class<? extends SpecificRecord> type;
    private final EventTimeBounds bounds;
    private transient TrustedEventTime trusted;

    public RawRecordDeserializer(Class<? extends SpecificRecord> type, EventTimeBounds bounds) {
        this.type = type;
        this.bounds = bounds;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        trusted = new TrustedEventTime(type, bounds, Clock.systemUTC());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(
                RawRecord.newBuilder()
                        .setTopic(record.topic())
                        .setPartition(record.partition())
                        .setOffset(record.offset())
                        .setTimestamp(record.timestamp())
                        .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                        .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                        .setEventTime(trusted.of(record.value()))
                        .build());
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
