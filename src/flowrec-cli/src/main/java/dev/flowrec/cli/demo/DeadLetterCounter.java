package dev.flowrec.cli.demo;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.events.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Follows the dead-letter topic (read_committed) and counts what arrives per reason. */
final class DeadLetterCounter implements Runnable, AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final EventCodec<DeadLetter> codec = EventCodec.of(DeadLetter.class);
    private final Map<String, Long> byReason = new TreeMap<>();
    private volatile boolean closed;

    DeadLetterCounter(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String reason;
                    try {
                        reason = codec.decode(r.value()).getReason().name();
                    } catch (java.io.IOException e) {
                        reason = "UNREADABLE";
                    }
                    synchronized (byReason) {
                        byReason.merge(reason, 1L, Long::sum);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        } finally {
            consumer.close();
        }
    }

    Map<String, Long> counts() {
        synchronized (byReason) {
            return new TreeMap<>(byReason);
        }
    }

    long total() {
        return counts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
