package dev.flowrec.bench.serving;

import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotFormat;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a model as snapshot versions of one lineage to a Kafka topic, the records the job's
 * snapshot sink writes, without a job: for benchmarks and tests that start from serving. The
 * manifest describes the model from its settings; the writer decides chunking and signing.
 *
 * @param transforms per task, the prediction transform a subscriber applies
 */
public record SnapshotTopicWriter(
        KafkaProducer<byte[], byte[]> producer,
        String topic,
        String modelId,
        String lineageId,
        Map<String, String> transforms) {

    /**
     * Publishes {@code model} as {@code version}, its parent the version before; waits for Kafka.
     */
    public void publish(MultiTaskModel model, long version, SnapshotWriter writer)
            throws InterruptedException, ExecutionException {
        ModelSettings s = model.settings();
        SnapshotManifest.Builder manifest =
                SnapshotManifest.newBuilder()
                        .setModelId(modelId)
                        .setModelType(s.type().value())
                        .setLineageId(lineageId)
                        .setLineageStartedAt(1_700_000_000_000L)
                        .setVersion(version)
                        .setParentLineageId(version > 1 ? lineageId : "")
                        .setParentVersion(version - 1)
                        .setCreatedAt(System.currentTimeMillis())
                        .setFormat(SnapshotFormat.DL4J_ZIP)
                        .setFeatureSpecHash(s.features().hash())
                        .setScenarios(s.space().scenarios())
                        .setTasks(s.space().tasks())
                        .setPredictionTransforms(transforms)
                        .setWatermark(0)
                        .setExamplesTrained(100 * version);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (SnapshotRecord record : writer.write(manifest, model.toBytes(false))) {
            sent.add(
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    SnapshotCodec.key(modelId),
                                    SnapshotCodec.encode(record))));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }
}
