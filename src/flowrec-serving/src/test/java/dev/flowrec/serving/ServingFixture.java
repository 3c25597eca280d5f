package dev.flowrec.serving;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.inference.Inference;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A started {@link SnapshotSubscriber} over an in-memory topic of {@link FakeModel}s, for tests of
 * other packages (the HTTP layer): publish versions, and hold scoring inside {@code predict} to
 * swap models under a request in flight.
 */
public final class ServingFixture implements AutoCloseable {

    public static final String MODEL = SnapshotRecords.MODEL;
    public static final String TOPIC = "flowrec.snapshots";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FakeSnapshotTopic topic = new FakeSnapshotTopic(TOPIC).create(1);
    private final BlockingQueue<Long> loaded = new LinkedBlockingQueue<>();
    private final SnapshotSubscriber subscriber;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(0);

    public ServingFixture(int historySize) {
        subscriber =
                SnapshotSubscriber.builder()
                        .bootstrapServers("unused:9092")
                        .topic(TOPIC)
                        .modelId(MODEL)
                        .historySize(historySize)
                        .modelLoader(bytes -> new Gated(FakeModel.load(bytes)))
                        .listener(
                                new SnapshotListener() {
                                    @Override
                                    public void onLoaded(LoadedModel model) {
                                        loaded.add(model.version());
                                    }
                                })
                        .pollTimeout(Duration.ofMillis(20))
                        .consumerFactory(props -> topic)
                        .build()
                        .start();
    }

    public SnapshotSubscriber subscriber() {
        return subscriber;
    }

    /** Publishes a version whose every probability is {@code output}; returns once it is loaded. */
    public void publish(long version, float output) throws InterruptedException {
        topic.append(0, MODEL, SnapshotRecords.version(version, output));
        Long got = loaded.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (got == null || got != version) {
            throw new AssertionError("version " + version + " was not loaded; got " + got);
        }
    }

    /** From now on, {@code predict} waits for {@link #releaseScoring()}. */
    public void holdScoring() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** Waits until a scoring call is held inside {@code predict}. */
    public void awaitScoringHeld() throws InterruptedException {
        if (!entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no scoring call reached predict within " + WAIT);
        }
    }

    public void releaseScoring() {
        gate.countDown();
    }

    @Override
    public void close() {
        releaseScoring();
        subscriber.close();
    }

    /** A model whose predict can be held by the fixture. */
    private final class Gated implements MultiTaskModel {
        private final MultiTaskModel model;

        Gated(MultiTaskModel model) {
            this.model = model;
        }

        @Override
        public ModelSettings settings() {
            return model.settings();
        }

        @Override
        public float[][] predict(Batch batch) {
            entered.countDown();
            try {
                if (!gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("scoring was held longer than " + WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
            return model.predict(batch);
        }

        @Override
        public Inference inference() {
            return FakeModel.unsynchronized(this);
        }

        @Override
        public double fit(Batch batch) {
            return model.fit(batch);
        }

        @Override
        public long parameterCount() {
            return model.parameterCount();
        }

        @Override
        public boolean hasFiniteParameters() {
            return model.hasFiniteParameters();
        }

        @Override
        public long forwardFlopsPerExample() {
            return model.forwardFlopsPerExample();
        }

        @Override
        public byte[] toBytes(boolean withOptimizerState) {
            return model.toBytes(withOptimizerState);
        }
    }
}
