package dev.flowrec.serving;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotVerifier;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings of a {@link SnapshotSubscriber}, from {@link SnapshotSubscriber#builder()}. Setters
 * reject bad values at once; {@link #build()} names every missing required setting and every Kafka
 * property that conflicts with what the subscriber needs.
 */
public final class SnapshotSubscriberBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSubscriberBuilder.class);
    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    /** Kafka consumer settings the subscriber relies on, with the value it needs. */
    private static final Map<String, String> FIXED =
            Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    "false",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());

    private String bootstrapServers;
    String topic;
    String modelId;
    private final Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
    private String expectedFeatureSpecHash;
    private List<String> requiredTasks = List.of();

    /** What {@link ModelLoader#dl4j()} can load; another loader widens it with modelTypes(). */
    private Set<String> modelTypes =
            Arrays.stream(ModelType.values()).map(ModelType::value).collect(Collectors.toSet());

    private final Map<String, String> properties = new HashMap<>();
    int historySize = 3;
    SnapshotListener listener = new SnapshotListener() {};
    Duration pollTimeout = Duration.ofSeconds(1);
    int initialLookback = 64;
    int maxLookback = 16_384;
    private long maxArtifactBytes = SnapshotAssembler.Builder.DEFAULT_MAX_ARTIFACT_BYTES;
    int maxPendingVersions = SnapshotAssembler.Builder.DEFAULT_MAX_PENDING_VERSIONS;
    Path cacheDirectory;
    ModelLoader loader = ModelLoader.dl4j();
    Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory = KafkaConsumer::new;

    SnapshotSubscriberBuilder() {}

    /** Required: the Kafka bootstrap servers, {@code host:port[,host:port...]}. */
    public SnapshotSubscriberBuilder bootstrapServers(String servers) {
        this.bootstrapServers = servers;
        return this;
    }

    /** Required: the snapshot topic ({@code kafka.topics.snapshots}). */
    public SnapshotSubscriberBuilder topic(String topic) {
        this.topic = topic;
        return this;
    }

    /** Required: the model id; records keyed otherwise are skipped. */
    public SnapshotSubscriberBuilder modelId(String modelId) {
        this.modelId = modelId;
        return this;
    }

    /**
     * Trusts the job's Ed25519 public key with this key id ({@code snapshots.signing.key-id}); call
     * it once per key to trust several while keys rotate. With at least one key, unsigned
     * snapshots, snapshots of another key id and forged ones are rejected. With none, signatures
     * are not checked and a warning is logged at build.
     *
     * @throws IllegalArgumentException when the key id was given already or the key is null
     */
    public SnapshotSubscriberBuilder publicKey(String keyId, PublicKey key) {
        if (keyId == null || key == null) {
            throw new IllegalArgumentException(
                    "publicKey needs a key id and a key, got keyId=" + keyId + " key=" + key);
        }
        if (publicKeys.putIfAbsent(keyId, key) != null) {
            throw new IllegalArgumentException("public key id " + keyId + " is given twice");
        }
        return this;
    }

    /**
     * {@link #publicKey(String, PublicKey)} from a file in PEM or DER ({@code flowrec keys
     * generate} writes one), read now.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file when it holds no Ed25519 public key
     */
    public SnapshotSubscriberBuilder publicKeyFile(String keyId, Path file) {
        return publicKey(keyId, SnapshotKeys.readPublicKey(file));
    }

    /** Reject snapshots whose feature-spec hash differs (features this fleet cannot build). */
    public SnapshotSubscriberBuilder expectedFeatureSpecHash(String hash) {
        this.expectedFeatureSpecHash = hash;
        return this;
    }

    /**
     * Tasks this fleet must score: a snapshot without one of them is rejected ({@code
     * INCOMPATIBLE}) and the current model keeps serving. Default: any task list.
     */
    public SnapshotSubscriberBuilder requiredTasks(List<String> tasks) {
        if (tasks == null) {
            throw new IllegalArgumentException("requiredTasks must not be null");
        }
        this.requiredTasks = List.copyOf(tasks);
        return this;
    }

    /**
     * Model types ({@code model.type}) the {@link #modelLoader} can load; others are rejected
     * ({@code INCOMPATIBLE}) before any chunk is buffered. Default: every {@link ModelType}.
     */
    public SnapshotSubscriberBuilder modelTypes(Set<String> types) {
        if (types == null || types.isEmpty()) {
            throw new IllegalArgumentException("modelTypes must name at least one type");
        }
        this.modelTypes = Set.copyOf(types);
        return this;
    }

    /** An extra Kafka consumer property, e.g. for SASL or SSL. */
    public SnapshotSubscriberBuilder property(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException(
                    "Kafka property key and value must not be null, got key=" + key);
        }
        properties.put(key, value);
        return this;
    }

    /** Extra Kafka consumer properties, e.g. for SASL or SSL. */
    public SnapshotSubscriberBuilder properties(Map<String, String> props) {
        props.forEach(this::property);
        return this;
    }

    /** Versions kept loaded for rollback, the current one included. Default 3. */
    public SnapshotSubscriberBuilder historySize(int versions) {
        if (versions < 1) {
            throw new IllegalArgumentException("historySize must be at least 1, got " + versions);
        }
        this.historySize = versions;
        return this;
    }

    /** Callbacks on load, rejection and rollback. Default: none. */
    public SnapshotSubscriberBuilder listener(SnapshotListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        this.listener = listener;
        return this;
    }

    /**
     * Records per partition read back from the end at start, first and at most. Default 64,
     * doubling up to 16384.
     */
    public SnapshotSubscriberBuilder lookback(int initialRecords, int maxRecords) {
        if (initialRecords < 1 || maxRecords < initialRecords) {
            throw new IllegalArgumentException(
                    "lookback needs 1 <= initialRecords <= maxRecords, got initialRecords="
                            + initialRecords
                            + " maxRecords="
                            + maxRecords);
        }
        this.initialLookback = initialRecords;
        this.maxLookback = maxRecords;
        return this;
    }

    /** Longest wait of one poll. Default 1 s; it bounds nothing but idle wake-ups. */
    public SnapshotSubscriberBuilder pollTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("pollTimeout must be positive, got " + timeout);
        }
        this.pollTimeout = timeout;
        return this;
    }

    /** Largest artifact accepted (memory bound). Default 512 MiB. */
    public SnapshotSubscriberBuilder maxArtifactBytes(long bytes) {
        this.maxArtifactBytes = bytes;
        return this;
    }

    /** Incomplete versions buffered at most. Default 4. */
    public SnapshotSubscriberBuilder maxPendingVersions(int versions) {
        this.maxPendingVersions = versions;
        return this;
    }

    /**
     * Keeps the last {@link #historySize} loaded snapshots in this directory and, at start, serves
     * the newest of them that verifies again (hashes, and the signature when a key is set) before
     * reading the topic. Default: no cache.
     */
    public SnapshotSubscriberBuilder cacheDirectory(Path directory) {
        this.cacheDirectory = directory;
        return this;
    }

    /** How verified artifacts become models. Default {@link ModelLoader#dl4j()}. */
    public SnapshotSubscriberBuilder modelLoader(ModelLoader loader) {
        if (loader == null) {
            throw new IllegalArgumentException("modelLoader must not be null");
        }
        this.loader = loader;
        return this;
    }

    /** Tests replace the Kafka consumer. */
    SnapshotSubscriberBuilder consumerFactory(
            Function<Map<String, Object>, Consumer<byte[], byte[]>> factory) {
        this.consumerFactory = factory;
        return this;
    }

    /**
     * Checks the settings and builds an unstarted subscriber.
     *
     * @throws IllegalStateException naming every missing required setting
     * @throws IllegalArgumentException naming a Kafka property that conflicts with the subscriber,
     *     or bootstrap servers given twice with different values
     */
    public SnapshotSubscriber build() {
        List<String> missing = new ArrayList<>();
        if (isBlank(bootstrapServers)
                && !properties.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            missing.add("bootstrapServers");
        }
        if (isBlank(topic)) {
            missing.add("topic");
        }
        if (isBlank(modelId)) {
            missing.add("modelId");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "the SnapshotSubscriber builder is missing required settings " + missing);
        }
        String servers = properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers != null && bootstrapServers != null && !servers.equals(bootstrapServers)) {
            throw new IllegalArgumentException(
                    "bootstrap servers are given twice: bootstrapServers("
                            + bootstrapServers
                            + ") and property "
                            + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG
                            + "="
                            + servers
                            + "; set one");
        }
        for (Map.Entry<String, String> fixed : FIXED.entrySet()) {
            String given = properties.get(fixed.getKey());
            if (given != null && !given.equals(fixed.getValue())) {
                throw new IllegalArgumentException(
                        "Kafka property "
                                + fixed.getKey()
                                + "="
                                + given
                                + " conflicts with the snapshot subscriber, which needs "
                                + fixed.getValue());
            }
        }
        Supplier<SnapshotAssembler> assemblers = assemblers();
        assemblers.get(); // fails now, naming the setting, rather than on the polling thread
        if (publicKeys.isEmpty()) {
            LOG.warn(
                    "NO PUBLIC KEY configured for snapshots of model {} on topic {}: this"
                            + " subscriber ACCEPTS UNSIGNED MODELS, and anyone who can write to the"
                            + " topic can make it serve theirs. Give it the job's public key"
                            + " (publicKey / publicKeyFile).",
                    modelId,
                    topic);
        } else {
            LOG.info(
                    "Snapshots of model {} on topic {} must be signed by key ids {}",
                    modelId,
                    topic,
                    publicKeys.keySet());
        }
        return new SnapshotSubscriber(this, assemblers);
    }

    private Supplier<SnapshotAssembler> assemblers() {
        SnapshotAssembler.Builder settings =
                SnapshotAssembler.builder()
                        .modelId(modelId)
                        .verifier(publicKeys.isEmpty() ? null : SnapshotVerifier.of(publicKeys))
                        .expectedFeatureSpecHash(expectedFeatureSpecHash)
                        .modelTypes(modelTypes)
                        .requiredTasks(requiredTasks)
                        .maxArtifactBytes(maxArtifactBytes)
                        .maxPendingVersions(maxPendingVersions);
        return settings::build;
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(properties);
        if (bootstrapServers != null) {
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        props.putAll(FIXED);
        // Positions are always set by seek; this only matters if retention removes the
        // records a seek pointed at.
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "flowrec-snapshot-subscriber-" + modelId + "-" + CLIENT_SEQUENCE.incrementAndGet());
        return props;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
