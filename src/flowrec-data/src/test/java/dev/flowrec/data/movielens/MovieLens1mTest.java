package dev.flowrec.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check values of the real MovieLens-1M: the sizes its data README gives, and the label, rating
 * and scenario counts of the reference AutoIFS and M3oE pipelines on the same files.
 */
class MovieLens1mTest {
    private MovieLens1m data;

    /** Per test rather than per class, so each test reports the skip where the data is absent. */
    @BeforeEach
    void load() {
        data = MovieLensFixture.data();
    }

    @Test
    void sizesMatchTheDataReadme() {
        assertThat(data.rowCount()).isEqualTo(1_000_209);
        assertThat(data.distinctUsers()).isEqualTo(6_040);
        assertThat(data.distinctMovies()).isEqualTo(3_706);
    }

    @Test
    void labelsAndRatingsMatchTheReferenceCounts() {
        int clicks = 0;
        int likes = 0;
        int[] perRating = new int[6];
        for (int row = 0; row < data.rowCount(); row++) {
            clicks += data.click(row) ? 1 : 0;
            likes += data.like(row) ? 1 : 0;
            perRating[data.rating(row)]++;
        }
        assertThat(clicks).isEqualTo(575_281);
        assertThat(likes).isEqualTo(226_310);
        assertThat(perRating).containsExactly(0, 56_174, 107_557, 261_197, 348_971, 226_310);
    }

    @Test
    void scenariosAndAgeCodesMatchTheReferenceCounts() {
        int[] perScenario = new int[3];
        Map<Integer, Integer> perAge = new TreeMap<>();
        for (int row = 0; row < data.rowCount(); row++) {
            perScenario[data.scenario(row)]++;
            perAge.merge(data.age(row), 1, Integer::sum);
        }
        assertThat(perScenario).containsExactly(210_747, 395_556, 393_906);
        assertThat(perAge)
                .containsExactly(
                        Map.entry(1, 27_211),
                        Map.entry(18, 183_536),
                        Map.entry(25, 395_556),
                        Map.entry(35, 199_003),
                        Map.entry(45, 83_633),
                        Map.entry(50, 72_490),
                        Map.entry(56, 38_780));
    }

    @Test
    void onlyUsersBelow3000HaveTimestamps() {
        int timestamped = 0;
        int wrong = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int row = 0; row < data.rowCount(); row++) {
            wrong += data.hasTimestamp(row) == data.userId(row) < 3000 ? 0 : 1;
            if (data.hasTimestamp(row)) {
                timestamped++;
                first = Math.min(first, data.timestampSeconds(row));
                last = Math.max(last, data.timestampSeconds(row));
            }
        }
        assertThat(wrong).as("rows whose timestamp presence disagrees with user < 3000").isZero();
        assertThat(timestamped).isEqualTo(487_650);
        assertThat(first).isEqualTo(970_620_734L);
        assertThat(last).isEqualTo(1_046_388_675L);
    }

    @Test
    void firstRowIsJoinedWithItsUserAndMovie() {
        // ratings.dat line 0: 1::1193::5::978300760; users.dat 1::F::1::10::48067;
        // movies.dat 1193::One Flew Over the Cuckoo's Nest (1975)::Drama
        assertThat(data.userId(0)).isEqualTo(1);
        assertThat(data.movieId(0)).isEqualTo(1193);
        assertThat(data.rating(0)).isEqualTo(5);
        assertThat(data.timestampSeconds(0)).isEqualTo(978_300_760L);
        assertThat(data.gender(0)).isEqualTo("F");
        assertThat(data.age(0)).isEqualTo(1);
        assertThat(data.occupation(0)).isEqualTo(10);
        assertThat(data.zip(0)).isEqualTo("48067");
        assertThat(data.firstGenre(0)).isEqualTo("Drama");
        assertThat(data.scenario(0)).isZero();
        assertThat(data.userId(487_650)).isEqualTo(3000);
        assertThat(data.hasTimestamp(487_650)).isFalse();
    }
}
