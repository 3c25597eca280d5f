package dev.flowrec.data.movielens;

import static dev.flowrec.data.movielens.MovieLensSplit.Part.TRAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows to model batches. */
class MovieLensBatchesTest {
    @TempDir Path root;

    @Test
    void autoIfsTrainingEpochIsConsecutiveBatchesOfTheFileOrder() {
        MovieLens1m data = MovieLensFixture.data();
        MovieLensSplit split = MovieLensFixture.autoIfs();
        MovieLensVocabulary vocabulary = MovieLensFixture.vocabulary();
        MovieLensBatches batches = new MovieLensBatches(data, vocabulary);

        int count = 0;
        int examples = 0;
        double clicks = 0;
        double likes = 0;
        Batch last = null;
        for (Batch batch : batches.batches(split, TRAIN, 4096)) {
            if (count == 0) {
                int row = split.row(TRAIN, 0);
                assertThat(Arrays.copyOf(batch.featureRows(), 8))
                        .containsExactly(vocabulary.encode(row));
                assertThat(batch.scenarios()[0]).isEqualTo(data.scenario(row));
            }
            assertThat(batch.weights()).containsOnly(1f);
            for (int i = 0; i < batch.size(); i++) {
                clicks += batch.label(i, 0);
                likes += batch.label(i, 1);
            }
            examples += batch.size();
            count++;
            last = batch;
        }
        assertThat(count).isEqualTo(196).isEqualTo(MovieLensBatches.batchCount(800_167, 4096));
        assertThat(examples).isEqualTo(800_167);
        assertThat(last.size()).isEqualTo(800_167 - 195 * 4096);
        int expectedClicks = 0;
        int expectedLikes = 0;
        for (int row : split.rows(TRAIN)) {
            expectedClicks += data.click(row) ? 1 : 0;
            expectedLikes += data.like(row) ? 1 : 0;
        }
        assertThat(clicks).isEqualTo(expectedClicks);
        assertThat(likes).isEqualTo(expectedLikes);
    }

    @Test
    void batchHoldsEncodedRowsScenariosAndBothLabels() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        MovieLensVocabulary vocabulary = MovieLensVocabulary.of(data);
        MovieLensBatches batches = new MovieLensBatches(data, vocabulary);

        Batch batch = batches.batch(new int[] {7, 0, 3}, 0, 3);

        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.fields()).isEqualTo(8);
        assertThat(batch.tasks()).isEqualTo(2);
        assertThat(Arrays.copyOfRange(batch.featureRows(), 8, 16))
                .containsExactly(vocabulary.encode(0));
        assertThat(batch.scenarios()).containsExactly(2, 0, 2);
        // ratings 2, 5, 4: click = rating > 3, like = rating > 4
        assertThat(batch.labels()).containsExactly(0f, 0f, 1f, 1f, 1f, 0f);
        assertThat(batch.weights()).containsOnly(1f);
    }

    @Test
    void lastBatchIsPartialAndRowsAreCopied() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        MovieLensBatches batches = new MovieLensBatches(data, MovieLensVocabulary.of(data));
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8};

        Iterable<Batch> epoch = batches.batches(rows, 4);
        rows[0] = 8; // the caller may reshuffle its array; the epoch keeps its own copy
        List<Integer> sizes = new ArrayList<>();
        List<Integer> firstScenarios = new ArrayList<>();
        for (Batch batch : epoch) {
            sizes.add(batch.size());
            firstScenarios.add(batch.scenarios()[0]);
        }

        assertThat(sizes).containsExactly(4, 4, 1);
        assertThat(firstScenarios).containsExactly(0, 2, 1);
        assertThat(epoch).hasSize(3); // each iteration is a fresh pass
        assertThat(MovieLensBatches.batchCount(0, 4)).isZero();
        assertThatThrownBy(() -> batches.batches(rows, 0))
                .hasMessageContaining("batchSize must be >= 1, got 0");
        assertThatThrownBy(() -> batches.batch(rows, 3, 3)).hasMessageContaining("[3, 3)");
    }
}
