package dev.flowrec.serving;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.inference.Inference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for a DL4J model: answers a fixed output per task, records the batches it saw, and
 * notices concurrent {@code predict} calls, which its {@link #inference()} lets through. Its
 * artifact is a line of text, loaded by {@link #load}.
 */
final class FakeModel implements MultiTaskModel {

    static final List<String> SCENARIOS = List.of("feed", "search");
    static final List<String> TASKS = List.of("click", "conversion");
    static final ModelSettings SETTINGS = settings(TASKS);

    private static final String PREFIX = "fake-model;";

    final float output;
    final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean overlapped = new AtomicBoolean();
    private final ModelSettings settings;
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public long forwardFlopsPerExample() {
        return 0;
    }

    FakeModel(float output, ModelSettings settings) {
        this.output = output;
        this.settings = settings;
    }

    static ModelSettings settings(List<String> tasks) {
        return ModelSettings.builder()
                .type(ModelType.SHARED_BOTTOM)
                .space(new ScenarioTaskSpace(SCENARIOS, tasks))
                .features(FeatureSpec.of(SCENARIOS, List.of("device"), List.of("price"), 64))
                .embeddingDim(4)
                .hiddenSizes(List.of(8))
                .towerSizes(List.of(4))
                .learningRate(0.01)
                .l2(0.0)
                .seed(1L)
                .build();
    }

    /** The artifact of a model answering {@code output} for every task. */
    static byte[] artifact(float output) {
        return artifact(output, TASKS);
    }

    static byte[] artifact(float output, List<String> tasks) {
        return (PREFIX + output + ";" + String.join(",", tasks)).getBytes(StandardCharsets.UTF_8);
    }

    /** A {@link ModelLoader} for {@link #artifact} bytes. */
    static FakeModel load(byte[] artifact) {
        String text = new String(artifact, StandardCharsets.UTF_8);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a fake model artifact: " + text);
        }
        String[] parts = text.substring(PREFIX.length()).split(";");
        return new FakeModel(Float.parseFloat(parts[0]), settings(List.of(parts[1].split(","))));
    }

    @Override
    public ModelSettings settings() {
        return settings;
    }

    /** Itself, unsynchronized, so a test sees whether scoring calls overlap. */
    @Override
    public Inference inference() {
        return unsynchronized(this);
    }

    /** A test double's predict as its inference, called from every thread at once. */
    static Inference unsynchronized(MultiTaskModel model) {
        return new Inference() {
            @Override
            public float[][] predict(Batch batch) {
                return model.predict(batch);
            }

            @Override
            public String engine() {
                return "fake";
            }
        };
    }

    @Override
    public float[][] predict(Batch batch) {
        if (inside.incrementAndGet() > 1) {
            overlapped.set(true);
        }
        try {
            batches.add(batch);
            // Long enough for unsynchronized callers to overlap.
            LockSupport.parkNanos(100_000);
            float[][] out = new float[batch.size()][batch.tasks()];
            for (float[] row : out) {
                Arrays.fill(row, output);
            }
            return out;
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public double fit(Batch batch) {
        throw new UnsupportedOperationException("serving never trains");
    }

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public boolean hasFiniteParameters() {
        return true;
    }

    @Override
    public byte[] toBytes(boolean withOptimizerState) {
        return artifact(output, settings.space().tasks());
    }
}
