package dev.flowrec.data.movielens;

import static dev.flowrec.data.movielens.MovieLensSplit.Part.TEST;
import static dev.flowrec.data.movielens.MovieLensSplit.Part.TRAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour sequences of offline MovieLens batches against a brute-force reading of the rule. */
class MovieLensHistoryTest {
    private static final int LENGTH = 5;

    @Test
    void sequencesAreTheLatestEarlierTrainingClicksAndLikesOfTheUser() {
        MovieLens1m data = MovieLensFixture.data();
        MovieLensSplit split = MovieLensFixture.autoIfs();
        MovieLensVocabulary vocabulary = MovieLensFixture.vocabulary();
        MovieLensHistory history = trainingHistory();
        Map<Integer, List<Integer>> trainByUser = new HashMap<>();
        for (int row : split.rows(TRAIN)) {
            trainByUser.computeIfAbsent(data.userId(row), u -> new ArrayList<>()).add(row);
        }
        Random random = new Random(7);
        int timed = 0;
        int untimed = 0;
        int nonEmpty = 0;
        int[] actual = new int[2 * LENGTH];
        for (int i = 0; i < 3000; i++) {
            int row = random.nextInt(data.rowCount());
            history.write(row, actual, 0);
            int[] expected =
                    bruteForce(
                            data,
                            vocabulary,
                            trainByUser.getOrDefault(data.userId(row), List.of()),
                            row);
            assertThat(actual).as("row %d", row).containsExactly(expected);
            timed += data.hasTimestamp(row) ? 1 : 0;
            untimed += data.hasTimestamp(row) ? 0 : 1;
            nonEmpty += actual[2 * LENGTH - 1] == Batch.PADDING ? 0 : 1;
        }
        assertThat(timed).as("sampled rows of timed users").isGreaterThan(1000);
        assertThat(untimed).as("sampled rows of untimed users").isGreaterThan(1000);
        assertThat(nonEmpty).as("rows with a liked movie before them").isGreaterThan(2000);
    }

    @Test
    void batchesCarryTheSequencesAfterTheFields() {
        MovieLensSplit split = MovieLensFixture.autoIfs();
        MovieLensHistory history = trainingHistory();
        MovieLensBatches plain =
                new MovieLensBatches(MovieLensFixture.data(), MovieLensFixture.vocabulary());
        Batch batch = plain.withHistory(history).batch(split.rows(TEST), 0, 64);
        assertThat(batch.behaviours()).isEqualTo(2);
        assertThat(batch.sequenceLength()).isEqualTo(LENGTH);
        int[] expected = new int[2 * LENGTH];
        for (int i = 0; i < batch.size(); i++) {
            history.write(split.row(TEST, i), expected, 0);
            for (int b = 0; b < 2; b++) {
                for (int l = 0; l < LENGTH; l++) {
                    assertThat(batch.sequenceRow(i, b, l)).isEqualTo(expected[b * LENGTH + l]);
                }
            }
        }
        assertThat(plain.batch(split.rows(TEST), 0, 64).behaviours()).isZero();
    }

    private static MovieLensHistory trainingHistory() {
        return MovieLensHistory.of(
                MovieLensFixture.data(),
                MovieLensFixture.vocabulary(),
                MovieLensFixture.autoIfs().rows(TRAIN),
                LENGTH);
    }

    /**
     * The user's training ratings with the label, strictly earlier, by (time, row), the last
     * LENGTH.
     */
    private static int[] bruteForce(
            MovieLens1m data, MovieLensVocabulary vocabulary, List<Integer> userRows, int row) {
        int[] out = new int[2 * LENGTH];
        Arrays.fill(out, Batch.PADDING);
        for (int task = 0; task < 2; task++) {
            final int t = task;
            List<Integer> earlier =
                    userRows.stream()
                            .filter(r -> data.label(r, t) > 0)
                            .filter(
                                    r ->
                                            data.hasTimestamp(row)
                                                    ? data.timestampSeconds(r)
                                                            < data.timestampSeconds(row)
                                                    : r < row)
                            .sorted(
                                    Comparator.<Integer>comparingLong(
                                                    r ->
                                                            data.hasTimestamp(r)
                                                                    ? data.timestampSeconds(r)
                                                                    : 0)
                                            .thenComparingInt(r -> r))
                            .toList();
            List<Integer> last =
                    earlier.subList(Math.max(0, earlier.size() - LENGTH), earlier.size());
            for (int k = 0; k < last.size(); k++) {
                out[t * LENGTH + LENGTH - last.size() + k] =
                        vocabulary.encode(last.get(k))[MovieLensVocabulary.MOVIE_ID];
            }
        }
        return out;
    }
}
