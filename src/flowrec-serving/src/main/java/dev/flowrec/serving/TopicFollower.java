package dev.flowrec.serving;

import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.events.SnapshotRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a {@link SnapshotSubscriber}'s thread: waits for the topic, assigns every partition,
 * catches up by reading back from the end with a widening look-back, then follows the topic,
 * feeding every record keyed with the model id to the {@link ModelRegistry}. The consumer is used
 * by this thread only, except {@link #stop()}'s {@code wakeup()}, and closed when the thread ends.
 */
final class TopicFollower implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PARTITION_REFRESH = Duration.ofMinutes(5);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final String topic;
    private final String modelId;
    private final byte[] key;
    private final Consumer<byte[], byte[]> consumer;
    private final ModelRegistry registry;
    private final Duration pollTimeout;
    private final int initialLookback;
    private final int maxLookback;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private boolean announcedMissingTopic;

    TopicFollower(
            String topic,
            String modelId,
            Consumer<byte[], byte[]> consumer,
            ModelRegistry registry,
            Duration pollTimeout,
            int initialLookback,
            int maxLookback) {
        this.topic = topic;
        this.modelId = modelId;
        this.key = SnapshotCodec.key(modelId);
        this.consumer = consumer;
        this.registry = registry;
        this.pollTimeout = pollTimeout;
        this.initialLookback = initialLookback;
        this.maxLookback = maxLookback;
    }

    /** Makes {@link #run()} return soon; safe from any thread. */
    void stop() {
        if (closed.compareAndSet(false, true)) {
            closing.countDown();
            consumer.wakeup();
        }
    }

    /** Records of other model ids skipped so far. */
    long skippedCount() {
        return skipped.get();
    }

    @Override
    public void run() {
        Consumer<byte[], byte[]> c = consumer;
        List<TopicPartition> partitions = List.of();
        boolean caughtUp = false;
        long nextRefresh = 0;
        int failures = 0;
        try {
            while (!closed.get()) {
                try {
                    if (partitions.isEmpty()) {
                        partitions = discoverPartitions(c);
                        if (partitions.isEmpty()) {
                            pause(1_000);
                            continue;
                        }
                        c.assign(partitions);
                        nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                    }
                    if (!caughtUp) {
                        catchUp(c, partitions);
                        caughtUp = true;
                    }
                    feed(c.poll(pollTimeout));
                    if (System.nanoTime() - nextRefresh > 0) {
                        partitions = refreshPartitions(c, partitions);
                        nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                    }
                    failures = 0;
                } catch (WakeupException | InterruptException e) {
                    if (!closed.get()) {
                        LOG.warn("The snapshot subscriber for model {} was interrupted", modelId);
                    }
                    return;
                } catch (RuntimeException e) {
                    // Kafka errors are usually transient; anything else is a bug. Either way the
                    // current model keeps serving, and giving up would silently freeze it.
                    failures++;
                    long backoff = Math.min(MAX_BACKOFF_MS, 500L << Math.min(failures, 10));
                    if (e instanceof KafkaException) {
                        LOG.warn(
                                "Reading snapshot topic {} failed ({} in a row); retrying in {} ms;"
                                        + " {} keeps serving",
                                topic,
                                failures,
                                backoff,
                                registry.serving(),
                                e);
                    } else {
                        LOG.error(
                                "The snapshot subscriber for model {} failed ({} in a row);"
                                        + " retrying in {} ms; {} keeps serving",
                                modelId,
                                failures,
                                backoff,
                                registry.serving(),
                                e);
                    }
                    pause(backoff);
                }
            }
        } catch (Error e) {
            LOG.error(
                    "The snapshot subscriber for model {} on topic {} stopped; {} keeps"
                            + " serving but will not be updated",
                    modelId,
                    topic,
                    registry.serving(),
                    e);
            throw e;
        } finally {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the snapshot consumer for model {} failed", modelId, e);
            }
        }
    }

    private List<TopicPartition> discoverPartitions(Consumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            if (!announcedMissingTopic) {
                LOG.info("Snapshot topic {} does not exist yet; waiting for it", topic);
                announcedMissingTopic = true;
            }
            return List.of();
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo info : infos) {
            out.add(new TopicPartition(info.topic(), info.partition()));
        }
        return List.copyOf(out);
    }

    /** Picks up partitions added to the topic; they are read from their beginning. */
    private List<TopicPartition> refreshPartitions(
            Consumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        List<TopicPartition> now = discoverPartitions(c);
        Set<TopicPartition> added = new HashSet<>(now);
        added.removeAll(partitions);
        if (added.isEmpty()) {
            return partitions;
        }
        List<TopicPartition> all = new ArrayList<>(partitions);
        all.addAll(added);
        // assign() keeps the positions of partitions that stay assigned.
        c.assign(all);
        c.seekToBeginning(added);
        LOG.info(
                "Snapshot topic {} gained partitions {}; reading them from the start",
                topic,
                added);
        return List.copyOf(all);
    }

    /**
     * Finds the newest complete snapshot by reading back from the end, widening the window until
     * one is found, the window covers every partition, or the maximum look-back is reached.
     */
    private void catchUp(Consumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> begin = c.beginningOffsets(partitions, METADATA_TIMEOUT);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, METADATA_TIMEOUT);
        long lookback = initialLookback;
        while (true) {
            registry.startCatchUpAttempt();
            boolean wholeTopic = true;
            for (TopicPartition tp : partitions) {
                long from = Math.max(begin.get(tp), end.get(tp) - lookback);
                wholeTopic &= from == begin.get(tp);
                c.seek(tp, from);
            }
            if (!readUntil(c, partitions, end)) {
                return;
            }
            if (registry.foundDuringCatchUp() || wholeTopic || lookback >= maxLookback) {
                break;
            }
            lookback = Math.min(maxLookback, lookback * 2);
            LOG.info(
                    "No complete snapshot of model {} near the end of topic {}; looking back {}"
                            + " records per partition",
                    modelId,
                    topic,
                    lookback);
        }
        registry.finishCatchUp();
        LOG.info(
                "Caught up with snapshot topic {} (looked back up to {} records per partition);"
                        + " serving {}",
                topic,
                lookback,
                registry.serving());
    }

    /** Reads until every partition reached its end offset; false when closed meanwhile. */
    private boolean readUntil(
            Consumer<byte[], byte[]> c,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        while (!closed.get()) {
            boolean reached = true;
            for (TopicPartition tp : partitions) {
                if (c.position(tp, METADATA_TIMEOUT) < end.get(tp)) {
                    reached = false;
                    break;
                }
            }
            if (reached) {
                return true;
            }
            feed(c.poll(pollTimeout));
        }
        return false;
    }

    private void feed(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (!Arrays.equals(key, r.key())) {
                skipped.incrementAndGet();
                continue;
            }
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            if (r.value() == null) {
                registry.rejectUndecodable(modelId, where, "the value is null");
                continue;
            }
            SnapshotRecord decoded;
            try {
                decoded = SnapshotCodec.decode(r.value());
            } catch (IOException e) {
                registry.rejectUndecodable(modelId, where, e.getMessage());
                continue;
            }
            try {
                registry.offer(decoded);
            } catch (RuntimeException e) {
                // A bug, not bad input; counted so that it shows up, but the subscriber goes on.
                LOG.error("Assembling the snapshot record at {} failed", where, e);
                registry.rejectUndecodable(modelId, where, e.toString());
            }
        }
    }

    private void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }
}
