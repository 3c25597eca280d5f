package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.bench.fault.TopicRecords;
import dev.flowrec.core.snapshot.AssemblyResult;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.events.SnapshotManifest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a whole topic up to its current end, as a read_committed consumer sees it by default. */
final class TopicReader {
    private TopicReader() {}

    static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap, String topic, Duration timeout) {
        return readAll(bootstrap, topic, timeout, "read_committed");
    }

    /**
     * @param isolation {@code read_committed}, or {@code read_uncommitted} to see the records of
     *     aborted transactions too
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap, String topic, Duration timeout, String isolation) {
        return TopicRecords.readAll(bootstrap, topic, timeout, isolation);
    }

    /**
     * The snapshot manifests of one model that a reader with this isolation sees, in topic order;
     * each must assemble with its chunks into a verified snapshot.
     */
    static List<SnapshotManifest> manifests(
            String bootstrap, String topic, String modelId, String isolation) throws IOException {
        SnapshotAssembler assembler =
                SnapshotAssembler.builder().modelId(modelId).maxPendingVersions(64).build();
        List<SnapshotManifest> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                readAll(bootstrap, topic, Duration.ofSeconds(60), isolation)) {
            for (AssemblyResult result : assembler.accept(SnapshotCodec.decode(r.value()))) {
                assertThat(result)
                        .as("every committed snapshot verifies: no chunk of an aborted attempt")
                        .isInstanceOf(VerifiedSnapshot.class);
                out.add(((VerifiedSnapshot) result).manifest());
            }
        }
        return out;
    }
}
