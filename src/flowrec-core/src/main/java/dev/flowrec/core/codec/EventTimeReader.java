package dev.flowrec.core.codec;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads only the {@code event_time} of a single-object-encoded event, skipping every other field
 * without building it, so the Kafka source can stamp records before they are decoded. Any writer
 * schema {@link EventCodec} knows is read (Avro resolves it against a one-field projection), with
 * the same bounds on untrusted bytes ({@link BoundedDecoder}).
 */
public final class EventTimeReader {
    static final String FIELD = "event_time";

    private final Schema current;
    private final long fingerprint;
    private final Schema projection;
    private final Map<Long, DatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    private EventTimeReader(Class<? extends SpecificRecord> type) {
        this.current = SpecificData.get().getSchema(type);
        if (current.getField(FIELD) == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no " + FIELD);
        }
        this.fingerprint = SchemaNormalization.parsingFingerprint64(current);
        this.projection =
                Schema.createRecord(
                        current.getName(),
                        null,
                        current.getNamespace(),
                        false,
                        List.of(new Schema.Field(FIELD, Schema.create(Schema.Type.LONG))));
    }

    public static EventTimeReader of(Class<? extends SpecificRecord> type) {
        return new EventTimeReader(type);
    }

    /**
     * @throws IOException when the bytes are not a record of a known schema version of this type
     */
    public long read(byte[] bytes) throws IOException {
        try {
            DatumReader<GenericRecord> reader = reader(EventCodec.writerFingerprint(bytes));
            GenericRecord record =
                    reader.read(null, new BoundedDecoder(bytes, EventCodec.HEADER_BYTES));
            return (Long) record.get(FIELD);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // As in EventCodec.decode: Avro reports some bad data as runtime exceptions.
            throw new IOException(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private DatumReader<GenericRecord> reader(long writerFingerprint) throws IOException {
        DatumReader<GenericRecord> reader = readers.get(writerFingerprint);
        if (reader != null) {
            return reader;
        }
        Schema writer =
                writerFingerprint == fingerprint ? current : EventCodec.shipped(writerFingerprint);
        if (writer == null) {
            throw new IOException(
                    String.format(
                            "unknown schema fingerprint %016x: no version of %s this build knows",
                            writerFingerprint, current.getName()));
        }
        return readers.computeIfAbsent(
                writerFingerprint, f -> new GenericDatumReader<>(writer, projection));
    }
}
