package dev.flowrec.bench.fault;

import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Snapshots that are not the job's, written to the snapshot topic beside its own under the model's
 * key, as a broken producer, a damaged disk or an attacker would: a record that is no snapshot, a
 * manifest cut short, a copy of a genuine version passed off as a newer one and signed with another
 * key under the job's key id, and one signed with the right key whose artifact was damaged on the
 * way. Serving must refuse each and go on serving.
 */
final class SnapshotTampering {
    /** Far above any version the run reaches, so that no refusal is for being stale. */
    private static final long FUTURE = 1_000_000;

    private SnapshotTampering() {}

    /**
     * Writes the tampered snapshots, built from the records of a genuine committed version.
     *
     * @return how many tampered snapshots were written
     */
    static int write(
            String bootstrapServers,
            String topic,
            String modelId,
            List<SnapshotRecord> genuine,
            SnapshotSigner signer) {
        SnapshotManifest manifest = null;
        List<SnapshotChunk> chunks = new ArrayList<>();
        for (SnapshotRecord r : genuine) {
            if (r.getPayload() instanceof SnapshotManifest m) {
                manifest = m;
            } else {
                chunks.add((SnapshotChunk) r.getPayload());
            }
        }
        if (manifest == null || chunks.isEmpty()) {
            throw new IllegalArgumentException("a genuine version has chunks and a manifest");
        }
        List<byte[]> values = new ArrayList<>();
        values.add("this is not a snapshot".getBytes(StandardCharsets.UTF_8));
        byte[] whole = SnapshotCodec.encode(new SnapshotRecord(manifest));
        values.add(java.util.Arrays.copyOf(whole, whole.length / 2));
        long forged = manifest.getVersion() + FUTURE;
        SnapshotSigner forger =
                SnapshotSigner.of(signer.keyId(), SnapshotKeys.generate().getPrivate());
        values.addAll(asVersion(chunks, manifest, forged, false, forger));
        long damaged = forged + 1;
        values.addAll(asVersion(chunks, manifest, damaged, true, signer));

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        byte[] key = SnapshotCodec.key(modelId);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
        return 4;
    }

    /**
     * The genuine manifest and chunks under another version, in the job's order (manifest first),
     * the first chunk damaged or not.
     */
    private static List<byte[]> asVersion(
            List<SnapshotChunk> chunks,
            SnapshotManifest manifest,
            long version,
            boolean damageFirstChunk,
            SnapshotSigner signer) {
        List<byte[]> out = new ArrayList<>();
        SnapshotManifest moved =
                SnapshotManifest.newBuilder(manifest)
                        .setVersion(version)
                        .setParentVersion(version - 1)
                        .setSignature(null)
                        .build();
        out.add(SnapshotCodec.encode(new SnapshotRecord(signer.signed(moved))));
        for (SnapshotChunk c : chunks) {
            ByteBuffer data = c.getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            if (damageFirstChunk && c.getIndex() == 0) {
                bytes[bytes.length / 2] ^= 0x5A;
            }
            out.add(
                    SnapshotCodec.encode(
                            new SnapshotRecord(
                                    SnapshotChunk.newBuilder(c)
                                            .setVersion(version)
                                            .setData(ByteBuffer.wrap(bytes))
                                            .build())));
        }
        return out;
    }
}
