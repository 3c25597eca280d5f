package dev.flowrec.serving;

import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the snapshot topic of one model and keeps the newest verified version loaded for {@link
 * Scorer}.
 *
 * <pre>{@code
 * try (SnapshotSubscriber subscriber = SnapshotSubscriber.builder()
 *         .bootstrapServers("localhost:9092")
 *         .topic("flowrec.snapshots")
 *         .modelId("ctr")
 *         .publicKeyFile("2026-12", Path.of("/etc/flowrec/snapshot-signing.pub"))
 *         .build()
 *         .start()) {
 *     subscriber.awaitVersion(1, Duration.ofMinutes(1));
 *     Score score = subscriber.scorer().score(impression);
 * }
 * }</pre>
 *
 * <p>How it works, and why:
 *
 * <ul>
 *   <li>A plain {@link KafkaConsumer} with {@code isolation.level=read_committed} (the trainer
 *       publishes transactionally, so only snapshots whose inputs are checkpointed are seen),
 *       manually assigned to every partition of the topic: no consumer group, no offset commits, no
 *       rebalances. Records whose key is not the model id are skipped without decoding.
 *   <li>On start it does not replay the topic. Each partition is read from its end minus a
 *       look-back ({@link SnapshotSubscriberBuilder#lookback}, default 64 records) to the end
 *       offsets taken at start; if no complete snapshot turned up, the look-back doubles (up to the
 *       maximum) and the window is read again. Only the newest complete snapshot found is loaded.
 *       Then it follows the topic.
 *   <li>Records are assembled and verified by a {@link SnapshotAssembler} (hashes, Ed25519
 *       signature and key id when public keys are set, feature-spec hash when expected, model type,
 *       required tasks, format versions), loaded by a {@link ModelLoader} on the subscriber's
 *       daemon thread, never on the request path, and swapped in with one atomic reference write.
 *       The last {@link SnapshotSubscriberBuilder#historySize} versions stay loaded for {@link
 *       #rollbackTo}.
 *   <li>With {@link SnapshotSubscriberBuilder#cacheDirectory}, every loaded snapshot's records are
 *       also written to local disk (the last {@code historySize} kept), and at start the newest
 *       cached one that verifies again is served before the topic is read, so a server starts even
 *       when Kafka or the topic's retention lost the snapshots.
 *   <li>A pin ({@link #pin}) holds a kept version across new publishes until {@link #unpin()}.
 *   <li>A rejected version is logged with its reason, counted ({@link #rejectedCount}) and reported
 *       to the {@link SnapshotListener}; the current model keeps serving. Kafka errors are logged
 *       and retried with back-off; the thread only ends on {@link #close()}.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the thread and closes the consumer; it is idempotent.
 */
public final class SnapshotSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSubscriber.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final String topic;
    private final String modelId;
    private final Map<String, Object> consumerProperties;
    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory;
    private final Duration pollTimeout;
    private final int initialLookback;
    private final int maxLookback;
    private final ModelRegistry registry;
    private final SwapTimes swapTimes = new SwapTimes();
    private final Scorer scorer;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile TopicFollower follower;
    private volatile Thread thread;

    SnapshotSubscriber(SnapshotSubscriberBuilder b, Supplier<SnapshotAssembler> assemblers) {
        this.topic = b.topic;
        this.modelId = b.modelId;
        this.consumerProperties = Map.copyOf(b.consumerProperties());
        this.consumerFactory = b.consumerFactory;
        this.pollTimeout = b.pollTimeout;
        this.initialLookback = b.initialLookback;
        this.maxLookback = b.maxLookback;
        this.registry =
                new ModelRegistry(
                        b.topic,
                        assemblers,
                        b.loader,
                        b.historySize,
                        b.listener,
                        Clock.systemUTC(),
                        b.cacheDirectory == null
                                ? null
                                : new SnapshotCache(
                                        b.cacheDirectory,
                                        b.modelId,
                                        b.historySize,
                                        b.maxPendingVersions + 1));
        this.scorer = new Scorer(registry::currentOrNull, this::noModelMessage, swapTimes);
    }

    /** A builder; {@code bootstrapServers}, {@code topic} and {@code modelId} are required. */
    public static SnapshotSubscriberBuilder builder() {
        return new SnapshotSubscriberBuilder();
    }

    /**
     * Starts the subscriber's thread; returns at once (use {@link #awaitVersion} to wait for a
     * model). Calling it again does nothing.
     *
     * @throws IllegalStateException when already closed
     */
    public synchronized SnapshotSubscriber start() {
        if (closed.get()) {
            throw new IllegalStateException(
                    "the snapshot subscriber for model "
                            + modelId
                            + " on topic "
                            + topic
                            + " is closed and cannot be started again");
        }
        if (!started.compareAndSet(false, true)) {
            return this;
        }
        LOG.info(
                "Starting the snapshot subscriber for model {} on topic {} (consumer properties"
                        + " {}, look-back {} to {} records)",
                modelId,
                topic,
                new TreeSet<>(consumerProperties.keySet()),
                initialLookback,
                maxLookback);
        Consumer<byte[], byte[]> consumer;
        try {
            consumer = consumerFactory.apply(consumerProperties);
        } catch (RuntimeException e) {
            started.set(false);
            throw new IllegalStateException(
                    "creating the Kafka consumer for snapshot topic " + topic + " failed", e);
        }
        follower =
                new TopicFollower(
                        topic,
                        modelId,
                        consumer,
                        registry,
                        pollTimeout,
                        initialLookback,
                        maxLookback);
        TopicFollower following = follower;
        Thread t =
                new Thread(
                        () -> {
                            registry.loadFromCache();
                            following.run();
                        },
                        "flowrec-snapshot-subscriber-" + modelId);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /** Scores with whatever version is current at each call. */
    public Scorer scorer() {
        return scorer;
    }

    /** How long the swaps to new versions took, from manifest arrival to first answer. */
    public SwapTimes swapTimes() {
        return swapTimes;
    }

    /**
     * The version being served, or 0 before the first load. Versions count within a lineage: a
     * trainer started without state starts again at 1 (see {@link LoadedModel#position()}).
     */
    public long currentVersion() {
        return registry.currentVersion();
    }

    /** The model being served, if any. */
    public Optional<LoadedModel> current() {
        return registry.current();
    }

    /** The versions kept loaded for rollback, oldest first (the current one included). */
    public List<Long> keptVersions() {
        return registry.keptVersions();
    }

    /** Versions loaded and swapped in since start. */
    public long loadedCount() {
        return registry.loadedCount();
    }

    /** Versions rejected for that reason since start. */
    public long rejectedCount(RejectReason reason) {
        return registry.rejectedCount(reason);
    }

    /** Rejections per reason since start, every reason present. */
    public Map<RejectReason, Long> rejectedCounts() {
        return registry.rejectedCounts();
    }

    /**
     * Makes a kept version current again. A snapshot published later still replaces it, as any
     * newer version does.
     *
     * @throws IllegalArgumentException when the version is not among {@link #keptVersions()}
     * @throws IllegalStateException while a pin holds
     */
    public LoadedModel rollbackTo(long version) {
        return registry.rollbackTo(version);
    }

    /**
     * Serves a kept version until {@link #unpin()}: newer snapshots are still verified, loaded and
     * kept (so releasing the pin serves the newest at once), but not swapped in.
     *
     * @param version the version to pin; empty pins the one being served
     * @throws IllegalArgumentException when the version is not among {@link #keptVersions()}
     * @throws IllegalStateException when no model is loaded yet
     */
    public LoadedModel pin(OptionalLong version) {
        return registry.pin(version);
    }

    /** Releases the pin and serves the newest kept version; empty when nothing was pinned. */
    public Optional<LoadedModel> unpin() {
        return registry.unpin();
    }

    /** The pinned model, while a pin holds. */
    public Optional<LoadedModel> pinned() {
        return registry.pinned();
    }

    /** The models kept loaded for pin and rollback, oldest first (the current one included). */
    public List<LoadedModel> keptModels() {
        return registry.keptModels();
    }

    /**
     * Waits until the version being served, in whatever lineage, is at least {@code minVersion}.
     *
     * @return whether it was reached within the timeout
     */
    public boolean awaitVersion(long minVersion, Duration timeout) throws InterruptedException {
        return registry.awaitVersion(minVersion, timeout);
    }

    /** The snapshot topic. */
    public String topic() {
        return topic;
    }

    /** The model id followed. */
    public String modelId() {
        return modelId;
    }

    /** Records of other model ids skipped so far. */
    long skippedCount() {
        TopicFollower f = follower;
        return f == null ? 0 : f.skippedCount();
    }

    /** Stops the thread and closes the consumer; waits up to 30 s for the thread. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            t = thread;
            TopicFollower f = follower;
            if (f != null) {
                f.stop();
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn(
                        "The snapshot subscriber thread for model {} did not stop within {}",
                        modelId,
                        CLOSE_WAIT);
            }
        }
        LOG.info("Closed the snapshot subscriber for model {} on topic {}", modelId, topic);
    }

    private String noModelMessage() {
        return "no model loaded yet from topic "
                + topic
                + " (model "
                + modelId
                + ")"
                + (started.get() ? "" : ": the subscriber was never started");
    }
}
