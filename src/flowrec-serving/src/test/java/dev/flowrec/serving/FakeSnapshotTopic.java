package dev.flowrec.serving;

import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.events.SnapshotRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A topic held in memory behind Kafka's own {@link MockConsumer}. Unlike {@code MockConsumer},
 * records stay in the log after they are read, so seeking back re-reads them as a broker would; the
 * consumer remembers the lowest offset it ever served per partition, so tests can check that
 * start-up did not replay the topic.
 */
final class FakeSnapshotTopic extends MockConsumer<byte[], byte[]> {

    private static final int MAX_POLL_RECORDS = 5;

    private final String topic;
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    private final Map<TopicPartition, Long> lowestServed = new HashMap<>();
    private long served;

    FakeSnapshotTopic(String topic) {
        super("earliest");
        this.topic = topic;
    }

    /** Creates the topic with that many partitions (until then it does not exist). */
    synchronized FakeSnapshotTopic create(int partitions) {
        List<PartitionInfo> infos = new ArrayList<>();
        Map<TopicPartition, Long> zeros = new HashMap<>();
        Node node = new Node(0, "localhost", 9092);
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            TopicPartition tp = new TopicPartition(topic, p);
            log.put(tp, new ArrayList<>());
            zeros.put(tp, 0L);
        }
        updatePartitions(topic, infos);
        updateBeginningOffsets(zeros);
        updateEndOffsets(zeros);
        return this;
    }

    synchronized void append(int partition, String key, byte[] value) {
        TopicPartition tp = new TopicPartition(topic, partition);
        List<ConsumerRecord<byte[], byte[]>> records = log.get(tp);
        byte[] keyBytes = key == null ? null : SnapshotCodec.key(key);
        records.add(new ConsumerRecord<>(topic, partition, records.size(), keyBytes, value));
        updateEndOffsets(Map.of(tp, (long) records.size()));
        notifyAll();
    }

    synchronized void append(int partition, String key, List<SnapshotRecord> records) {
        for (SnapshotRecord r : records) {
            append(partition, key, SnapshotCodec.encode(r));
        }
    }

    synchronized long lowestServed(int partition) {
        return lowestServed.getOrDefault(new TopicPartition(topic, partition), Long.MAX_VALUE);
    }

    synchronized long served() {
        return served;
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        super.poll(Duration.ZERO); // wake-ups and scheduled tasks; the parent holds no records
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        for (TopicPartition tp : assignment()) {
            List<ConsumerRecord<byte[], byte[]>> records = log.getOrDefault(tp, List.of());
            int from = (int) Math.min(position(tp), records.size());
            int to = Math.min(records.size(), from + MAX_POLL_RECORDS);
            if (from < to) {
                out.put(tp, new ArrayList<>(records.subList(from, to)));
                seek(tp, to);
                served += to - from;
                lowestServed.merge(tp, (long) from, Math::min);
            }
        }
        if (out.isEmpty()) {
            try {
                // A broker's poll blocks until data arrives; append() wakes this up.
                wait(Math.min(timeout.toMillis(), 10) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new ConsumerRecords<>(out, Map.of());
    }
}
