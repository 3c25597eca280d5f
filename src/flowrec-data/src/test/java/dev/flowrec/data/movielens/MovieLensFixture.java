package dev.flowrec.data.movielens;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * The MovieLens-1M data for the tests: the real files, loaded once per test JVM, and a tiny
 * hand-made data set whose every expected value can be worked out by hand.
 *
 * <p>The real data is not in the repository (its terms forbid redistribution). It lies beside the
 * clone at {@code ../shared/data} from the repository root, which is {@code ../../../shared/data}
 * from this module, the working directory of its tests; {@code -Dflowrec.data.dir=...} overrides
 * that. Tests that need it are skipped, saying why, where it is absent.
 */
final class MovieLensFixture {
    static final MovieLensFiles FILES =
            MovieLensFiles.at(
                    Path.of(System.getProperty("flowrec.data.dir", "../../../shared/data")));

    private static MovieLens1m data;
    private static MovieLensSplit autoIfs;
    private static MovieLensSplit m3oe;
    private static MovieLensVocabulary vocabulary;

    private MovieLensFixture() {}

    /** The real data, loaded on first use; skips the calling test where it is absent. */
    static synchronized MovieLens1m data() {
        assumeTrue(
                FILES.present(),
                () ->
                        "MovieLens-1M is not in the repository and was not found at "
                                + FILES.dataRoot().toAbsolutePath().normalize()
                                + " (missing "
                                + FILES.missing()
                                + "); set -Dflowrec.data.dir to the shared data folder to run"
                                + " this test");
        if (data == null) {
            try {
                data = MovieLens1m.load(FILES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    static synchronized MovieLensSplit autoIfs() {
        if (autoIfs == null) {
            try {
                autoIfs = MovieLensSplit.autoIfs(data(), FILES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return autoIfs;
    }

    static synchronized MovieLensSplit m3oe() {
        if (m3oe == null) {
            m3oe = MovieLensSplit.m3oe(data());
        }
        return m3oe;
    }

    static synchronized MovieLensVocabulary vocabulary() {
        if (vocabulary == null) {
            vocabulary = MovieLensVocabulary.of(data());
        }
        return vocabulary;
    }

    /** Nine ratings by five users of three movies; a fourth movie (10) is never rated. */
    static final String TINY_USERS =
            "1::F::1::10::48067\n"
                    + "2::M::56::16::70072\n"
                    + "3::M::25::15::55117\n"
                    + "4::M::45::7::02460\n"
                    + "5::M::25::20::55455\n";

    /** ISO-8859-1 on purpose: the é of movie 2 is one byte, invalid as UTF-8. */
    static final String TINY_MOVIES =
            "1::Toy Story (1995)::Animation|Children's|Comedy\n"
                    + "2::Misérables, Les (1995)::Drama|Musical\n"
                    + "3::Grumpier Old Men (1995)::Comedy|Romance\n"
                    + "10::GoldenEye (1995)::Action|Adventure|Thriller\n";

    static final String TINY_RATINGS =
            MovieLensReader.RATINGS_HEADER
                    + "\n"
                    + "1,3,5,100\n" // row 0
                    + "1,1,3,100\n" // row 1
                    + "1,2,4,110\n" // row 2
                    + "2,2,4,50\n" // row 3
                    + "2,3,1,200\n" // row 4
                    + "3,1,4,\n" // row 5
                    + "3,2,5,\n" // row 6
                    + "4,1,2,\n" // row 7
                    + "5,3,4,\n"; // row 8

    /** Writes the tiny data set under {@code root} with the given ratings text. */
    static MovieLensFiles writeTiny(Path root, String ratings) throws IOException {
        MovieLensFiles files = MovieLensFiles.at(root);
        Files.createDirectories(files.movieLensDir());
        Files.writeString(files.users(), TINY_USERS, StandardCharsets.ISO_8859_1);
        Files.writeString(files.movies(), TINY_MOVIES, StandardCharsets.ISO_8859_1);
        writeGzip(files.ratings(), ratings);
        return files;
    }

    static MovieLensFiles writeTiny(Path root) throws IOException {
        return writeTiny(root, TINY_RATINGS);
    }

    static void writeGzip(Path path, String text) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
