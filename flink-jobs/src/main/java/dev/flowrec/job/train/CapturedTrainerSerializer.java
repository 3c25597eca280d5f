package dev.flowrec.job.train;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link CapturedTrainer} as its checkpoint bytes, in the layout of Flink's byte-array
 * serializer (length, then bytes), which the trainer state used before: savepoints of either read
 * with the other. The operator state backend copies list entries with {@link #copy} in the
 * synchronous snapshot phase and serializes them in the asynchronous one, so copy hands back the
 * same entry (a capture is already a private copy) and the encoding runs off the task thread.
 */
final class CapturedTrainerSerializer extends TypeSerializer<CapturedTrainer> {
    private static final long serialVersionUID = 1L;
    static final CapturedTrainerSerializer INSTANCE = new CapturedTrainerSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<CapturedTrainer> duplicate() {
        return this;
    }

    @Override
    public CapturedTrainer createInstance() {
        return new CapturedTrainer(new byte[0]);
    }

    @Override
    public CapturedTrainer copy(CapturedTrainer from) {
        return from;
    }

    @Override
    public CapturedTrainer copy(CapturedTrainer from, CapturedTrainer reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CapturedTrainer record, DataOutputView target) throws IOException {
        BytePrimitiveArraySerializer.INSTANCE.serialize(record.bytes(), target);
    }

    @Override
    public CapturedTrainer deserialize(DataInputView source) throws IOException {
        return new CapturedTrainer(BytePrimitiveArraySerializer.INSTANCE.deserialize(source));
    }

    @Override
    public CapturedTrainer deserialize(CapturedTrainer reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        BytePrimitiveArraySerializer.INSTANCE.copy(source, target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CapturedTrainerSerializer;
    }

    @Override
    public int hashCode() {
        return CapturedTrainerSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<CapturedTrainer> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Also reads state written with the byte-array serializer: the same layout. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CapturedTrainer> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<CapturedTrainer> resolveSchemaCompatibility(
                TypeSerializerSnapshot<CapturedTrainer> oldSnapshot) {
            Object old = oldSnapshot;
            if (old instanceof BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return super.resolveSchemaCompatibility(oldSnapshot);
        }
    }
}
