package dev.flowrec.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and joining, on the tiny data set, so it runs without the real files. */
class MovieLensReaderTest {
    @TempDir Path root;

    @Test
    void joinsRatingsWithMoviesAndUsers() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));

        assertThat(data.rowCount()).isEqualTo(9);
        assertThat(data.distinctUsers()).isEqualTo(5);
        assertThat(data.distinctMovies()).isEqualTo(3);
        // row 3: user 2 (M, age 56, occupation 16), movie 2 (Drama|Musical), rating 4 at 50 s
        assertThat(data.userId(3)).isEqualTo(2);
        assertThat(data.movieId(3)).isEqualTo(2);
        assertThat(data.rating(3)).isEqualTo(4);
        assertThat(data.timestampSeconds(3)).isEqualTo(50);
        assertThat(data.gender(3)).isEqualTo("M");
        assertThat(data.age(3)).isEqualTo(56);
        assertThat(data.occupation(3)).isEqualTo(16);
        assertThat(data.zip(3)).isEqualTo("70072");
        assertThat(data.firstGenre(3)).isEqualTo("Drama");
        assertThat(data.scenario(3)).isEqualTo(2);
        assertThat(data.click(3)).isTrue();
        assertThat(data.like(3)).isFalse();
        assertThat(data.label(3, 0)).isEqualTo(1f);
        assertThat(data.label(3, 1)).isEqualTo(0f);
        // zip codes stay text: a leading zero survives
        assertThat(data.zip(7)).isEqualTo("02460");
        assertThat(data.gender(0)).isEqualTo("F");
        assertThat(data.scenario(0)).isZero();
        assertThat(data.scenario(8)).isEqualTo(1);
    }

    @Test
    void ratingsWithoutTimestampSayWhyTheyHaveNone() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));

        assertThat(data.hasTimestamp(4)).isTrue();
        assertThat(data.hasTimestamp(5)).isFalse();
        assertThatThrownBy(() -> data.timestampSeconds(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row 5 (user 3) has no timestamp");
    }

    @Test
    void moviesAreDecodedAsLatin1() throws IOException {
        // The same bytes are malformed UTF-8, so a UTF-8 reader would fail on the whole file.
        byte[] bytes = Files.readAllBytes(MovieLensFixture.writeTiny(root).movies());
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("Misérables");
        assertThat(MovieLensReader.readMovies(MovieLensFiles.at(root).movies())[2])
                .isEqualTo("Drama");
    }

    @Test
    void missingFileNamesThePathAndWhereTheDataLives() {
        assertThatThrownBy(() -> MovieLens1m.load(root))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(root.resolve("movielens-1m").resolve("users.dat").toString())
                .hasMessageContaining("not part of the repository")
                .hasMessageContaining("../shared/data");
        assertThat(MovieLensFiles.at(root).present()).isFalse();
        assertThat(MovieLensFiles.at(root).missing()).hasSize(4);
    }

    @Test
    void malformedRatingsNameTheFileAndLine() throws IOException {
        String header = MovieLensReader.RATINGS_HEADER + "\n";
        assertLoadFails("user,movie,rating\n1,1,5,\n", "line 1: header is 'user,movie,rating'");
        assertLoadFails(header + "1,1,5,\n1,99,5,\n", "line 3: movie 99 is not in movies.dat");
        assertLoadFails(header + "7,1,5,\n", "line 2: user 7 is not in users.dat");
        assertLoadFails(header + "1,1,6,\n", "line 2: rating 6 is not in 1..5");
        assertLoadFails(header + "1,1,5\n", "line 2: expected 4 comma-separated fields");
        assertLoadFails(header + "1,x,5,\n", "line 2: movie_id 'x' is not a non-negative int");
        assertLoadFails(header + "1,1,5,99999999999\n", "line 2: timestamp '99999999999'");
        assertLoadFails(header, "has no ratings");
    }

    @Test
    void unknownAgeCodeNamesTheLine() throws IOException {
        MovieLensFiles files = MovieLensFixture.writeTiny(root);
        Files.writeString(files.users(), "1::F::1::10::48067\n2::M::30::16::70072\n");
        assertThatThrownBy(() -> MovieLens1m.load(files))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("users.dat line 2: unknown MovieLens age code 30");
    }

    @Test
    void scenariosFollowTheReferenceAgeGroups() {
        assertThat(IntStream.of(1, 18, 25, 35, 45, 50, 56).map(MovieLens1m::scenarioOfAge))
                .containsExactly(0, 0, 1, 2, 2, 2, 2);
        assertThatThrownBy(() -> MovieLens1m.scenarioOfAge(2))
                .hasMessageContaining("unknown MovieLens age code 2");
    }

    private void assertLoadFails(String ratings, String message) throws IOException {
        MovieLensFiles files = MovieLensFixture.writeTiny(root, ratings);
        assertThatThrownBy(() -> MovieLens1m.load(files))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ratings_merged.csv.gz")
                .hasMessageContaining(message);
    }
}
