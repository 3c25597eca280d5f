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

/**
 * Follows the dead-letter topic (read_committed) and counts what arrives per reason, and per
 * injected {@link BadRecords} case with the reasons its dead letters gave.
 */
final class DeadLetterCounter implements Runnable, AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final EventCodec<DeadLetter> codec = EventCodec.of(DeadLetter.class);
    private final Map<String, Long> byReason = new TreeMap<>();
    private final Map<String, Map<String, Long>> byCase = new TreeMap<>();
    private final List<String> caseNames;
    private volatile boolean closed;

    DeadLetterCounter(String bootstrap, String topic, List<String> caseNames) {
        this.caseNames = List.copyOf(caseNames);
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
                    String injected = null;
                    try {
                        DeadLetter letter = codec.decode(r.value());
                        reason = letter.getReason().name();
                        injected = BadRecords.caseOf(keyOf(letter), caseNames);
                    } catch (java.io.IOException e) {
                        reason = "UNREADABLE";
                    }
                    synchronized (byReason) {
                        byReason.merge(reason, 1L, Long::sum);
                        if (injected != null) {
                            byCase.computeIfAbsent(injected, k -> new TreeMap<>())
                                    .merge(reason, 1L, Long::sum);
                        }
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

    /** Per injected case, its dead letters per reason. */
    Map<String, Map<String, Long>> countsByCase() {
        synchronized (byReason) {
            Map<String, Map<String, Long>> out = new TreeMap<>();
            byCase.forEach((k, v) -> out.put(k, new TreeMap<>(v)));
            return out;
        }
    }

    /** Waits until this many injected records came back as dead letters, or the timeout passes. */
    void awaitInjected(long count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (injectedTotal() < count && System.nanoTime() < end) {
            Thread.sleep(200);
        }
    }

    private long injectedTotal() {
        return countsByCase().values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }

    private static String keyOf(DeadLetter letter) {
        if (letter.getKey() == null) {
            return null;
        }
        var b = letter.getKey().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
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
