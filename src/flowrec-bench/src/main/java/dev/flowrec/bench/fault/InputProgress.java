package dev.flowrec.bench.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How far a running job has read its input topics. */
public final class InputProgress {
    private InputProgress() {}

    /**
     * Waits until the job's sources have read these topics to their current end: the offsets they
     * commit to the job's consumer group at each checkpoint reach the topics' end offsets. A stop
     * takes the sources where they are, so a test that wants all of its input trained waits for
     * this first. An empty partition counts as read: the job commits nothing for it.
     */
    public static void awaitRead(
            String bootstrap, String group, List<String> topics, Duration timeout)
            throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props);
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic)
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean read =
                        partitions.stream()
                                .allMatch(
                                        p ->
                                                end.get(p) == 0
                                                        || committed.get(p) != null
                                                                && committed.get(p).offset()
                                                                        >= end.get(p));
                if (read) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "the job did not read its input to the end: committed "
                                    + committed
                                    + ", end "
                                    + end);
                }
                Thread.sleep(500);
            }
        }
    }
}
