package dev.flowrec.serving;

import dev.flowrec.core.snapshot.AssemblyResult;
import dev.flowrec.core.snapshot.LineagePosition;
import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotRejection;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.inference.Inference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a subscriber does except talking to Kafka: assemble and verify snapshot records, load
 * verified artifacts, swap the current model with one atomic write, keep the last versions for
 * rollback, count rejections per reason, and wake up {@link #awaitVersion} callers.
 *
 * <p>Threads: {@link #offer}, {@link #rejectUndecodable} and the catch-up methods are called by the
 * subscriber's polling thread only; everything else from any thread.
 *
 * <p>Catch-up: while the subscriber reads back from the end of the topic at start, verified
 * snapshots are not loaded one by one; only the newest found is loaded when catch-up ends (loading
 * costs about a second each). Newest is in {@link LineagePosition} order, not by version number: a
 * trainer started without state publishes low numbers in a newer lineage, and a replayed snapshot
 * of an older lineage found in the window must not win. A catch-up that widens its look-back
 * re-reads records, so its rejections are de-duplicated and reported once at the end; stale and
 * incomplete versions seen during catch-up are not reported at all (the window cut them, or a newer
 * one was found).
 */
final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final String topic;
    private final Supplier<SnapshotAssembler> assemblers;
    private final ModelLoader loader;
    private final int historySize;
    private final SnapshotListener listener;
    private final Clock clock;
    private final SnapshotCache cache;

    private final AtomicReference<LoadedModel> current = new AtomicReference<>();

    /** Set by {@link #pin}: new versions are still loaded and kept, but not swapped in. */
    private LoadedModel pinned;

    private final Deque<LoadedModel> history = new ArrayDeque<>();
    private final AtomicLong loaded = new AtomicLong();
    private final Map<RejectReason, AtomicLong> rejected;
    private final Object versionChanged = new Object();

    private SnapshotAssembler assembler;
    private boolean catchingUp;
    private VerifiedSnapshot newestFound;
    private final Map<String, SnapshotRejection> catchUpRejections = new LinkedHashMap<>();

    /** When live manifests arrived, to time their swaps; the oldest go beyond a few dozen. */
    private final Map<LineagePosition, Long> manifestArrivals =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<LineagePosition, Long> eldest) {
                    return size() > 64;
                }
            };

    ModelRegistry(
            String topic,
            Supplier<SnapshotAssembler> assemblers,
            ModelLoader loader,
            int historySize,
            SnapshotListener listener,
            Clock clock) {
        this(topic, assemblers, loader, historySize, listener, clock, null);
    }

    /** With {@code cache} null, nothing is cached. */
    ModelRegistry(
            String topic,
            Supplier<SnapshotAssembler> assemblers,
            ModelLoader loader,
            int historySize,
            SnapshotListener listener,
            Clock clock,
            SnapshotCache cache) {
        if (historySize < 1) {
            throw new IllegalArgumentException(
                    "historySize must be at least 1, got " + historySize);
        }
        this.topic = topic;
        this.assemblers = assemblers;
        this.loader = loader;
        this.historySize = historySize;
        this.listener = listener;
        this.clock = clock;
        this.cache = cache;
        this.assembler = assemblers.get();
        Map<RejectReason, AtomicLong> counters = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            counters.put(r, new AtomicLong());
        }
        this.rejected = Collections.unmodifiableMap(counters);
    }

    // ---- polling thread ------------------------------------------------------------------------

    /** Assembles one record; loads and swaps in a version it completes (outside catch-up). */
    void offer(SnapshotRecord record) {
        if (cache != null) {
            cache.observe(record);
        }
        if (!catchingUp && record.getPayload() instanceof SnapshotManifest manifest) {
            manifestArrivals.put(LineagePosition.of(manifest), System.nanoTime());
        }
        for (AssemblyResult result : assembler.accept(record)) {
            if (result instanceof VerifiedSnapshot snapshot) {
                if (catchingUp) {
                    if (newestFound == null
                            || snapshot.position().isNewerThan(newestFound.position())) {
                        newestFound = snapshot;
                    }
                } else {
                    install(snapshot);
                }
            } else {
                reject((SnapshotRejection) result);
            }
        }
    }

    /**
     * Serves the newest snapshot of the on-disk cache that verifies again, before the topic is
     * read: a server then starts even when Kafka, or the topic's retention, lost every snapshot.
     * The catch-up that follows swaps in a newer one if the topic has it.
     */
    void loadFromCache() {
        if (cache == null) {
            return;
        }
        cache.newest(assemblers)
                .ifPresent(
                        snapshot -> {
                            LOG.info(
                                    "Loading {} v{} of lineage '{}' from the snapshot cache",
                                    snapshot.modelId(),
                                    snapshot.version(),
                                    snapshot.lineageId());
                            install(snapshot);
                        });
    }

    /** Counts a record that is not a snapshot record at all. */
    void rejectUndecodable(String modelId, String where, String problem) {
        reject(
                new SnapshotRejection(
                        modelId,
                        SnapshotRejection.UNKNOWN_LINEAGE,
                        SnapshotRejection.UNKNOWN_VERSION,
                        RejectReason.MALFORMED,
                        OptionalInt.empty(),
                        "the record at " + where + " is not a snapshot record: " + problem));
    }

    /** Starts (or restarts, with a wider look-back) reading back from the end of the topic. */
    void startCatchUpAttempt() {
        assembler = assemblers.get();
        catchingUp = true;
        newestFound = null;
    }

    /** Whether the current catch-up attempt has found a complete, verified snapshot. */
    boolean foundDuringCatchUp() {
        return newestFound != null;
    }

    /** Ends catch-up: reports its rejections once and loads the newest snapshot found, if any. */
    void finishCatchUp() {
        catchingUp = false;
        List<SnapshotRejection> seen = List.copyOf(catchUpRejections.values());
        catchUpRejections.clear();
        seen.forEach(this::report);
        if (newestFound != null) {
            VerifiedSnapshot found = newestFound;
            newestFound = null;
            // A catch-up repeated after an error finds the version already loaded again.
            LineagePosition loaded = newestLoaded();
            if (loaded == null || found.position().isNewerThan(loaded)) {
                install(found);
            }
        } else {
            // Versions cut off by the start of the look-back window never complete; forget them
            // instead of reporting them as INCOMPLETE later.
            assembler = assemblers.get();
        }
    }

    private void install(VerifiedSnapshot snapshot) {
        SnapshotManifest manifest = snapshot.manifest();
        long started = System.nanoTime();
        MultiTaskModel model;
        try {
            model = loader.load(snapshot.artifact());
        } catch (RuntimeException | LinkageError e) {
            String reason = "the artifact did not load: " + e;
            report(SnapshotRejection.of(manifest, RejectReason.LOAD_FAILED, reason), e);
            return;
        }
        String mismatch = mismatch(manifest, model.settings());
        if (mismatch != null) {
            report(SnapshotRejection.of(manifest, RejectReason.INCOMPATIBLE, mismatch));
            return;
        }
        Inference inference;
        try {
            inference = model.inference();
        } catch (RuntimeException e) {
            String reason = "the model loaded but its inference could not be made: " + e;
            report(SnapshotRejection.of(manifest, RejectReason.LOAD_FAILED, reason), e);
            return;
        }
        Long arrived = manifestArrivals.remove(snapshot.position());
        LoadedModel next;
        LoadedModel holding;
        synchronized (history) {
            holding = pinned;
            next =
                    new LoadedModel(
                            manifest,
                            model,
                            inference,
                            clock.instant(),
                            holding == null && arrived != null ? arrived : 0);
            history.addLast(next);
            trimHistory();
            // Counted before it becomes visible, so a caller that sees the version sees the count.
            loaded.incrementAndGet();
            if (holding == null) {
                current.set(next);
            }
        }
        if (cache != null) {
            cache.store(manifest);
        }
        if (holding != null) {
            LOG.info(
                    "Loaded model {} {} from topic {} and kept it, but still serving the pinned {}"
                            + " until the pin is released",
                    manifest.getModelId(),
                    next.position(),
                    topic,
                    holding.position());
            notifyListener(() -> listener.onLoaded(next));
            return;
        }
        LOG.info(
                "Serving model {} {} from topic {}: {} bytes loaded in {} ms, {} examples"
                        + " trained, published {} ago",
                manifest.getModelId(),
                next.position(),
                topic,
                snapshot.artifact().length,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                manifest.getExamplesTrained(),
                Duration.between(next.createdAt(), next.loadedAt()));
        signalVersionChange();
        notifyListener(() -> listener.onLoaded(next));
    }

    /** The artifact must describe the model its manifest claims; a mismatch is a publisher bug. */
    private static String mismatch(SnapshotManifest manifest, ModelSettings settings) {
        if (!settings.type().value().equals(manifest.getModelType())) {
            return "the artifact holds a "
                    + settings.type().value()
                    + " model, the manifest says "
                    + manifest.getModelType();
        }
        if (!settings.space().tasks().equals(manifest.getTasks())) {
            return "the artifact's tasks "
                    + settings.space().tasks()
                    + " differ from the manifest's "
                    + manifest.getTasks();
        }
        if (!settings.space().scenarios().equals(manifest.getScenarios())) {
            return "the artifact's scenarios "
                    + settings.space().scenarios()
                    + " differ from the manifest's "
                    + manifest.getScenarios();
        }
        String hash = settings.features().hash();
        if (!hash.equals(manifest.getFeatureSpecHash())) {
            return "the artifact's feature spec hash "
                    + hash
                    + " differs from the manifest's "
                    + manifest.getFeatureSpecHash();
        }
        return null;
    }

    private void reject(SnapshotRejection rejection) {
        if (cache != null) {
            cache.forget(rejection.lineageId(), rejection.version());
        }
        if (catchingUp
                && (rejection.reason() == RejectReason.STALE_VERSION
                        || rejection.reason() == RejectReason.INCOMPLETE)) {
            // Artifacts of the look-back window: versions cut off by its start, or older than
            // the one it found. Nothing is wrong with them.
            LOG.debug("Ignoring during catch-up: {}", rejection);
            return;
        }
        if (catchingUp) {
            String key =
                    rejection.lineageId()
                            + "/"
                            + rejection.version()
                            + "/"
                            + rejection.reason()
                            + "/"
                            + rejection.chunkIndex()
                            + "/"
                            + (rejection.version() == SnapshotRejection.UNKNOWN_VERSION
                                    ? rejection.message()
                                    : "");
            catchUpRejections.putIfAbsent(key, rejection);
        } else {
            report(rejection);
        }
    }

    private void report(SnapshotRejection rejection) {
        report(rejection, null);
    }

    /** Counts, logs (with the cause's stack trace, if any) and tells the listener. */
    private void report(SnapshotRejection rejection, Throwable cause) {
        rejected.get(rejection.reason()).incrementAndGet();
        // A null last argument would count as an eighth parameter, not as "no exception".
        Object[] arguments = {
            rejection.modelId(),
            rejection.version(),
            rejection.lineageId(),
            topic,
            rejection.reason(),
            rejection.message(),
            serving(),
            cause
        };
        LOG.warn(
                "Rejected snapshot {} version {} of lineage '{}' from topic {} ({}): {}; still"
                        + " serving {}",
                cause == null ? Arrays.copyOf(arguments, 7) : arguments);
        notifyListener(() -> listener.onRejected(rejection));
    }

    // ---- any thread ----------------------------------------------------------------------------

    Optional<LoadedModel> current() {
        return Optional.ofNullable(current.get());
    }

    LoadedModel currentOrNull() {
        return current.get();
    }

    long currentVersion() {
        LoadedModel m = current.get();
        return m == null ? 0 : m.version();
    }

    /** For logs: the position being served, or that there is none. */
    String serving() {
        LoadedModel m = current.get();
        return m == null ? "no model yet" : m.position().toString();
    }

    private LineagePosition newestLoaded() {
        synchronized (history) {
            return history.stream()
                    .map(LoadedModel::position)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        }
    }

    long loadedCount() {
        return loaded.get();
    }

    long rejectedCount(RejectReason reason) {
        return rejected.get(reason).get();
    }

    Map<RejectReason, Long> rejectedCounts() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, count) -> out.put(reason, count.get()));
        return Collections.unmodifiableMap(out);
    }

    List<LoadedModel> keptModels() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    List<Long> keptVersions() {
        synchronized (history) {
            return history.stream().map(LoadedModel::version).toList();
        }
    }

    /**
     * The newest kept model of that version: two lineages may both have kept one.
     *
     * @throws IllegalStateException while a pin holds: release it first
     */
    LoadedModel rollbackTo(long version) {
        LoadedModel target;
        synchronized (history) {
            if (pinned != null) {
                throw new IllegalStateException(
                        "version "
                                + pinned.version()
                                + " is pinned; release the pin before rolling back");
            }
            target = kept(version);
            current.set(target);
        }
        LOG.info(
                "Rolled back model {} on topic {} to {}; a newer snapshot published later"
                        + " replaces it",
                target.modelId(),
                topic,
                target.position());
        signalVersionChange();
        notifyListener(() -> listener.onRolledBack(target));
        return target;
    }

    /**
     * Serves a kept version (the current one when {@code version} is empty) until {@link #unpin}:
     * newer snapshots are still verified, loaded and kept, but not swapped in.
     *
     * @throws IllegalArgumentException when the version is not kept
     * @throws IllegalStateException when nothing is loaded yet
     */
    LoadedModel pin(OptionalLong version) {
        LoadedModel target;
        synchronized (history) {
            if (version.isPresent()) {
                target = kept(version.getAsLong());
            } else {
                target = current.get();
                if (target == null) {
                    throw new IllegalStateException(
                            "no model is loaded yet from topic "
                                    + topic
                                    + ", so none can be pinned");
                }
            }
            pinned = target;
            current.set(target);
        }
        LOG.info(
                "Pinned model {} on topic {} to {}: newer snapshots are kept but not served until"
                        + " the pin is released",
                target.modelId(),
                topic,
                target.position());
        signalVersionChange();
        return target;
    }

    /** Releases a pin and serves the newest kept version again; empty when nothing was pinned. */
    Optional<LoadedModel> unpin() {
        LoadedModel newest;
        synchronized (history) {
            if (pinned == null) {
                return Optional.empty();
            }
            pinned = null;
            newest =
                    history.stream().max(Comparator.comparing(LoadedModel::position)).orElseThrow();
            current.set(newest);
        }
        LOG.info(
                "Released the pin of model {} on topic {}; serving {}",
                newest.modelId(),
                topic,
                newest.position());
        signalVersionChange();
        return Optional.of(newest);
    }

    /** The pinned model, if a pin holds. */
    Optional<LoadedModel> pinned() {
        synchronized (history) {
            return Optional.ofNullable(pinned);
        }
    }

    /** Drops the oldest kept versions beyond the history size, never the pinned one. */
    private void trimHistory() {
        var oldestFirst = history.iterator();
        int excess = history.size() - historySize;
        while (excess > 0 && oldestFirst.hasNext()) {
            if (oldestFirst.next() != pinned) {
                oldestFirst.remove();
                excess--;
            }
        }
    }

    private LoadedModel kept(long version) {
        return history.stream()
                .filter(m -> m.version() == version)
                .reduce((older, newer) -> newer)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "version "
                                                + version
                                                + " is not among the versions kept for rollback: "
                                                + history.stream()
                                                        .map(LoadedModel::version)
                                                        .toList()));
    }

    boolean awaitVersion(long minVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (versionChanged) {
            while (currentVersion() < minVersion) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(versionChanged, left);
            }
            return true;
        }
    }

    private void signalVersionChange() {
        synchronized (versionChanged) {
            versionChanged.notifyAll();
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A snapshot listener failed; ignoring it", e);
        }
    }
}
