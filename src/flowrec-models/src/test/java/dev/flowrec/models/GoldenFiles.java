package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.M3oeStructureUpdate;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import dev.flowrec.models.m3oe.M3oeSettings;
import dev.flowrec.models.training.OnlineTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden files of the two formats a trainer writes: a {@link ModelArtifact} (serving snapshot)
 * of every model type after a few training steps, and an {@link OnlineTrainer} checkpoint of an
 * AutoIFS model in mid-search (optimiser state, rewind snapshot and buffered examples), each with
 * its scores on a fixed probe batch. {@code GoldenFilesTest} decodes them with this build. The
 * delayed-feedback checkpoint the job writes has its golden file in {@code
 * DelayedFeedbackTrainerTest}.
 *
 * <p>Regenerate only when a format version is bumped (and keep the old files for as long as their
 * reader is kept), from the repository root:
 *
 * <pre>
 * ./mvnw -o -q test -pl src/flowrec-models -am \
 *     -Dtest='GoldenFilesTest#regenerate,DelayedFeedbackTrainerTest#regenerate' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dflowrec.golden.regenerate=true
 * </pre>
 *
 * which writes into {@code src/flowrec-models/src/test/resources/golden} ({@link #writeAll(Path)}).
 */
public final class GoldenFiles {
    static final String DIRECTORY = "golden/";
    static final String CHECKPOINT = "trainer-autoifs";
    static final int CHECKPOINT_BATCH = 20;

    private GoldenFiles() {}

    /** Settings of each golden artifact, by file name. */
    static Map<String, ModelSettings> artifactSettings() {
        ModelSettings small = SyntheticStream.smallSettings(5L);
        Map<String, ModelSettings> out = new LinkedHashMap<>();
        out.put("shared-bottom", small);
        out.put("mmoe", small.toBuilder().type(ModelType.MMOE).build());
        out.put("ple", small.toBuilder().type(ModelType.PLE).build());
        out.put("autoifs", autoIfs());
        out.put(
                "m3oe",
                SyntheticStream.settings(8, List.of(32, 16, 8), List.of(8), 0.01, 0.0, 5L)
                        .toBuilder()
                        .type(ModelType.M3OE)
                        .architecture(
                                M3oeSettings.defaults()
                                        .withStructure(M3oeStructureUpdate.FIRST_ORDER, 3))
                        .build());
        out.put(
                "dtrn",
                small.toBuilder()
                        .type(ModelType.DTRN)
                        .features(small.features().withSequences(List.of("clicked", "liked"), 5))
                        .build());
        return out;
    }

    /** AutoIFS with a 100-example search rewound at half: six batches of 20 end it. */
    static ModelSettings autoIfs() {
        return SyntheticStream.smallSettings(5L).toBuilder()
                .type(ModelType.AUTOIFS)
                .architecture(
                        AutoIfsSettings.defaults()
                                .withSizes(2, List.of(32, 16), 16)
                                .withSearch(100, 0.5, 0)
                                .withRetrain(0.01, 1e-4))
                .build();
    }

    /** The batch every golden model is scored on. */
    static Batch probe() {
        return new SyntheticStream(99).batch(8);
    }

    /**
     * The examples the checkpointed trainer was given: four steps of 20, ten left in its buffer.
     */
    static int checkpointExamples() {
        return 4 * CHECKPOINT_BATCH + 10;
    }

    static void writeAll(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, ModelSettings> golden : artifactSettings().entrySet()) {
            MultiTaskModel model = MultiTaskModels.create(golden.getValue());
            SyntheticStream stream = new SyntheticStream(5);
            for (int i = 0; i < 6; i++) {
                model.fit(stream.batch(20));
            }
            write(
                    directory,
                    golden.getKey() + ".frma",
                    model.toBytes(false),
                    model.predict(probe()));
        }
        OnlineTrainer trainer =
                new OnlineTrainer(
                        MultiTaskModels.create(autoIfs()),
                        CHECKPOINT_BATCH,
                        PredictionListener.NONE);
        new SyntheticStream(6).next(checkpointExamples()).forEach(trainer::add);
        write(
                directory,
                CHECKPOINT + ".frtc",
                trainer.checkpoint(),
                trainer.model().predict(probe()));
    }

    /** Writes a golden file and, beside it, its probe scores. */
    public static void write(Path directory, String file, byte[] bytes, float[][] probeScores)
            throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(file), bytes);
        List<String> lines = new ArrayList<>();
        for (float[] scores : probeScores) {
            StringBuilder line = new StringBuilder();
            for (float score : scores) {
                line.append(line.isEmpty() ? "" : " ").append(score);
            }
            lines.add(line.toString());
        }
        Files.write(directory.resolve(probeFile(file)), lines, StandardCharsets.UTF_8);
    }

    static String probeFile(String file) {
        return file.substring(0, file.lastIndexOf('.')) + ".probe.txt";
    }

    public static byte[] read(String file) {
        try (InputStream in =
                GoldenFiles.class.getClassLoader().getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "test resource " + DIRECTORY + file + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How far a probe score may be from the one stored with its golden file. The files were written
     * on one CPU and are read on another, whose BLAS kernels (AVX2 vs AVX-512, with or without FMA)
     * sum in another order and give float results a few ulp apart (a difference of 6e-8 was seen on
     * a probability of 0.45). 1e-5 is over a hundred times that, yet far below what a decoding
     * mistake or a changed network would move a probability (1e-3 and more).
     */
    public static final double SCORE_TOLERANCE = 1e-5;

    /** The scores a decoded golden file gives its probe equal the stored ones within tolerance. */
    public static void assertProbeScores(float[][] actual, String file) {
        float[][] expected = probeScores(file);
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int i = 0; i < expected.length; i++) {
            for (int t = 0; t < expected[i].length; t++) {
                assertThat((double) actual[i][t])
                        .as("%s, probe example %d, task %d", file, i, t)
                        .isCloseTo(expected[i][t], within(SCORE_TOLERANCE));
            }
        }
    }

    /** The probe scores stored beside a golden file, {@code [example][task]}. */
    public static float[][] probeScores(String file) {
        String[] lines =
                new String(read(probeFile(file)), StandardCharsets.UTF_8).strip().split("\n");
        float[][] out = new float[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            String[] values = lines[i].strip().split(" ");
            out[i] = new float[values.length];
            for (int t = 0; t < values.length; t++) {
                out[i][t] = Float.parseFloat(values[t]);
            }
        }
        return out;
    }
}
