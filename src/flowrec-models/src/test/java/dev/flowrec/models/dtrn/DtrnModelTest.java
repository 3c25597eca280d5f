package dev.flowrec.models.dtrn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.GraphModelContract;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.RankAuc;
import dev.flowrec.models.SyntheticStream;
import dev.flowrec.models.training.OnlineTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTRN on the shared contract (its batches carry no sequences: all interests 0) and on sequences.
 */
class DtrnModelTest extends GraphModelContract {
    private static final Logger LOG = LoggerFactory.getLogger(DtrnModelTest.class);
    private static final int BEHAVIOURS = 2;
    private static final int LENGTH = 5;

    @Override
    protected GraphModel create(ModelSettings settings, WorkspaceMode mode) {
        return DtrnModel.create(settings, mode);
    }

    /**
     * Small sizes: 4 fields x 32 rows x 8 dims; experts 32-16; towers 8; 2 sequences of 5 items.
     */
    @Override
    protected ModelSettings settings() {
        ModelSettings base =
                SyntheticStream.settings(8, List.of(32, 16), List.of(8), 0.01, 0.0, 7L);
        return base.toBuilder()
                .type(ModelType.DTRN)
                .features(base.features().withSequences(List.of("clicked", "liked"), LENGTH))
                .build();
    }

    @Test
    void parameterCountMatchesTheHandCount() {
        // embedding 128 x 8; interest module: hypernetwork 16->64->P with P = 4*8*16 + 2*16 + 1 =
        // 545, task and behaviour embeddings (2 + 2) x 8; per task a reweighting over F' = 6 fields
        // (6 x 2 twice); 4 experts 48 -> 32 -> 16; per task a gate 48 -> 4 and a tower 16 -> 8 ->
        // 1.
        long expected =
                1024
                        + (16 * 64 + 64 + 64 * 545 + 545 + 32)
                        + 2 * 24
                        + 4 * ((48 * 32 + 32) + (32 * 16 + 16))
                        + 2 * (48 * 4 + 4)
                        + 2 * ((16 * 8 + 8) + 9);

        assertThat(DtrnModel.create(settings()).parameterCount()).isEqualTo(expected);
        assertThat(DtrnModel.expectedParameterCount(settings())).isEqualTo(expected);
    }

    @Test
    void learnsFromBehaviourSequencesAndNotWithoutThem() {
        double withSequences = prequentialClickAuc(true);
        double without = prequentialClickAuc(false);

        LOG.info(
                "DTRN prequential click AUC on the taste stream: with sequences {}, without {}",
                withSequences,
                without);
        assertThat(withSequences).isGreaterThan(0.75);
        // Only the history says which items a user likes: without it the click is a coin toss.
        assertThat(without).isLessThan(0.6);
    }

    @Test
    void rejectsSequencesOfAnotherShapeAndRowsOutsideTheTable() {
        MultiTaskModel model = MultiTaskModels.create(settings());
        Batch wrong = Batch.of(new TasteStream(1, 1, LENGTH).next(4));
        Batch outside =
                Batch.of(
                        List.of(
                                new EncodedExample(
                                        new int[] {1, 33, 65, 97},
                                        0,
                                        new float[] {1, 0},
                                        new float[] {1, 1},
                                        BEHAVIOURS,
                                        filled(BEHAVIOURS * LENGTH, 4096))));

        assertThatThrownBy(() -> model.predict(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequences");
        assertThatThrownBy(() -> model.predict(outside))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4096");
    }

    @Test
    void readsItsSequencesFromTheSequenceOptionsAndRefusesToStartWithout() {
        ModelSettings configured =
                ModelSettings.from(
                        FlowRecConfig.of(
                                Map.of(
                                        "model.type",
                                        "dtrn",
                                        "model.sequence-features",
                                        "clicked,liked",
                                        "model.sequence-length",
                                        "7")));

        assertThat(configured.features().behaviours()).isEqualTo(2);
        assertThat(configured.features().sequenceLength()).isEqualTo(7);
        assertThat(configured.features().sequences()).containsExactly("clicked", "liked");
        assertThatThrownBy(() -> ModelSettings.from(FlowRecConfig.of(Map.of("model.type", "dtrn"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.sequence-features");
        assertThat(
                        ModelSettings.from(FlowRecConfig.of(Map.of("model.type", "mmoe")))
                                .features()
                                .behaviours())
                .isZero();
    }

    @Test
    void trainerCheckpointKeepsTheBufferedSequences() {
        TasteStream stream = new TasteStream(5, BEHAVIOURS, LENGTH);
        List<float[][]> fromA = new ArrayList<>();
        List<float[][]> fromB = new ArrayList<>();
        OnlineTrainer a =
                new OnlineTrainer(
                        MultiTaskModels.create(settings()), 16, (batch, p) -> fromA.add(p));
        stream.next(16 * 2 + 5).forEach(a::add);

        OnlineTrainer b = OnlineTrainer.restore(a.checkpoint(), 16, (batch, p) -> fromB.add(p));
        fromA.clear();
        for (EncodedExample e : stream.next(16 * 2)) {
            a.add(e);
            b.add(e);
        }

        assertThat(fromB).hasSize(2);
        for (int i = 0; i < fromA.size(); i++) {
            assertThat(fromB.get(i)).as("step %d after restore", i).isDeepEqualTo(fromA.get(i));
        }
    }

    private double prequentialClickAuc(boolean sequences) {
        MultiTaskModel model = MultiTaskModels.create(settings());
        TasteStream stream = new TasteStream(21, BEHAVIOURS, LENGTH);
        RankAuc auc = new RankAuc();
        int batches = 200;
        for (int step = 0; step < batches; step++) {
            Batch batch = Batch.of(stream.next(64));
            if (!sequences) {
                batch =
                        new Batch(
                                batch.size(),
                                batch.fields(),
                                batch.tasks(),
                                batch.featureRows(),
                                batch.scenarios(),
                                batch.labels(),
                                batch.weights());
            }
            float[][] p = model.predict(batch);
            if (step >= batches / 2) {
                for (int i = 0; i < batch.size(); i++) {
                    auc.add(p[i][0], batch.label(i, 0) == 1f);
                }
            }
            model.fit(batch);
        }
        return auc.auc();
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }

    /**
     * Items 1..31 fall into two tastes (odd and even ids); each example's user has one taste, seen
     * only through the clicked history (behaviour 0: up to {@code length} items of that taste, the
     * rest padding; behaviour 1: padding). Click has probability 0.85 when the item matches the
     * taste and 0.10 otherwise; user ids are random, so nothing else reveals the taste.
     */
    private static final class TasteStream {
        private final Random random;
        private final int behaviours;
        private final int length;

        TasteStream(long seed, int behaviours, int length) {
            this.random = new Random(seed);
            this.behaviours = behaviours;
            this.length = length;
        }

        List<EncodedExample> next(int n) {
            int buckets = SyntheticStream.BUCKETS;
            List<EncodedExample> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int taste = random.nextInt(2);
                int item = 1 + random.nextInt(buckets - 1);
                boolean click = random.nextDouble() < (item % 2 == taste ? 0.85 : 0.10);
                int[] history = filled(behaviours * length, Batch.PADDING);
                int items = 1 + random.nextInt(length);
                for (int l = length - items; l < length; l++) {
                    int liked = 1 + 2 * random.nextInt((buckets - 1) / 2) + (taste == 0 ? 1 : 0);
                    history[l] = buckets + Math.min(liked, buckets - 1);
                }
                int[] rows = {
                    1 + random.nextInt(buckets - 1),
                    buckets + item,
                    2 * buckets + 1,
                    3 * buckets + 1 + random.nextInt(buckets - 1)
                };
                out.add(
                        new EncodedExample(
                                rows,
                                0,
                                new float[] {click ? 1 : 0, 0},
                                new float[] {1, 0},
                                behaviours,
                                history));
            }
            return out;
        }
    }
}
