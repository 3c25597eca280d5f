package dev.flowrec.data.movielens;

import static dev.flowrec.data.movielens.MovieLensVocabulary.AGE;
import static dev.flowrec.data.movielens.MovieLensVocabulary.CATE_ID;
import static dev.flowrec.data.movielens.MovieLensVocabulary.DOMAIN_INDICATOR;
import static dev.flowrec.data.movielens.MovieLensVocabulary.GENDER;
import static dev.flowrec.data.movielens.MovieLensVocabulary.MOVIE_ID;
import static dev.flowrec.data.movielens.MovieLensVocabulary.OCCUPATION;
import static dev.flowrec.data.movielens.MovieLensVocabulary.USER_ID;
import static dev.flowrec.data.movielens.MovieLensVocabulary.ZIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.Impression;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AutoIFS vocabulary as its reference code builds it: every value seen in a field gets an id
 * (minimum count 0), plus one OOV slot per field, 13,244 rows on MovieLens-1M.
 */
class MovieLensVocabularyTest {
    @TempDir Path root;

    @Test
    void hasTheReferenceSizeAndFieldLayout() {
        MovieLensVocabulary vocabulary = MovieLensFixture.vocabulary();

        assertThat(vocabulary.size()).isEqualTo(13_244);
        assertThat(IntStream.range(0, 8).map(vocabulary::valueCount))
                .containsExactly(6_040, 3_706, 2, 7, 21, 3_439, 18, 3);
        assertThat(IntStream.range(0, 8).map(vocabulary::offset))
                .containsExactly(0, 6_041, 9_748, 9_751, 9_759, 9_781, 13_221, 13_240);
        assertThat(vocabulary.oovRow(DOMAIN_INDICATOR)).isEqualTo(13_243);
        assertThat(MovieLensVocabulary.FIELDS)
                .containsExactly(
                        "user_id",
                        "movie_id",
                        "gender",
                        "age",
                        "occupation",
                        "zip",
                        "cate_id",
                        "domain_indicator");
    }

    @Test
    void everyRatingEncodesToSeenValuesOfItsOwnFields() {
        MovieLens1m data = MovieLensFixture.data();
        MovieLensVocabulary vocabulary = MovieLensFixture.vocabulary();
        int[] rows = new int[8];
        int outside = 0;
        for (int row = 0; row < data.rowCount(); row++) {
            vocabulary.encode(row, rows, 0);
            for (int f = 0; f < 8; f++) {
                boolean seen = rows[f] >= vocabulary.offset(f) && rows[f] < vocabulary.oovRow(f);
                outside += seen ? 0 : 1;
            }
        }
        assertThat(outside).as("encoded fields outside their seen values").isZero();

        int[] first = vocabulary.encode(0);
        assertThat(IntStream.range(0, 8).mapToObj(f -> vocabulary.value(f, first[f])))
                .containsExactly("1", "1193", "F", "1", "10", "48067", "Drama", "0");
    }

    @Test
    void idsFollowDescendingRatingCount() {
        MovieLensVocabulary vocabulary = MovieLensFixture.vocabulary();
        // men gave most ratings, the 25-34 age group (scenario "1") the most, and comedy is the
        // most common first genre
        assertThat(vocabulary.value(GENDER, vocabulary.offset(GENDER))).isEqualTo("M");
        assertThat(vocabulary.value(AGE, vocabulary.offset(AGE))).isEqualTo("25");
        assertThat(vocabulary.value(DOMAIN_INDICATOR, vocabulary.offset(DOMAIN_INDICATOR)))
                .isEqualTo("1");
        assertThat(vocabulary.value(CATE_ID, vocabulary.offset(CATE_ID))).isEqualTo("Comedy");
    }

    @Test
    void unseenValuesMapToTheFieldsOovRow() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        MovieLensVocabulary vocabulary = MovieLensVocabulary.of(data);

        // movie 10 is in movies.dat but never rated, so it has no id of its own
        assertThat(vocabulary.valueCount(MOVIE_ID)).isEqualTo(3);
        assertThat(vocabulary.row(MOVIE_ID, "10")).isEqualTo(vocabulary.oovRow(MOVIE_ID));
        assertThat(vocabulary.row(ZIP, null)).isEqualTo(vocabulary.oovRow(ZIP));
        assertThat(vocabulary.value(ZIP, vocabulary.oovRow(ZIP))).isNull();
        // 5 users + 3 movies + 2 genders + 4 ages + 5 occupations + 5 zips + 3 genres
        // + 3 scenarios, each field plus one OOV row
        assertThat(vocabulary.size()).isEqualTo(30 + 8);
        // occupations by rating count: 10 (3), 15 and 16 (2 each), 7 and 20 (1 each); ties
        // in numeric order, so 7 before 20
        assertThat(
                        IntStream.range(0, 5)
                                .mapToObj(
                                        i ->
                                                vocabulary.value(
                                                        OCCUPATION,
                                                        vocabulary.offset(OCCUPATION) + i)))
                .containsExactly("10", "15", "16", "7", "20");
        assertThatThrownBy(() -> vocabulary.value(USER_ID, vocabulary.offset(MOVIE_ID) + 1))
                .hasMessageContaining("is not in field user_id");
        assertThatThrownBy(() -> vocabulary.offset(8)).hasMessageContaining("field index 8");
    }

    @Test
    void encodesAnImpressionLikeItsRating() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        MovieLensVocabulary vocabulary = MovieLensVocabulary.of(data);
        Impression impression =
                new Impression(
                        "ml1m-3",
                        50_000L,
                        "2",
                        "2",
                        "2",
                        Map.of(
                                "gender",
                                "M",
                                "age",
                                "56",
                                "occupation",
                                "16",
                                "zip",
                                "70072",
                                "cate_id",
                                "Drama"),
                        Map.of(),
                        Map.of("clicked", List.of()));

        assertThat(vocabulary.encode(impression)).containsExactly(vocabulary.encode(3));
        impression.setCategorical(Map.of());
        assertThat(vocabulary.encode(impression)[ZIP]).isEqualTo(vocabulary.oovRow(ZIP));
    }
}
