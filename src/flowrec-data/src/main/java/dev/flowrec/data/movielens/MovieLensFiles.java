package dev.flowrec.data.movielens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the MovieLens-1M files live: a data root holding {@code movielens-1m/} and {@code
 * movielens-1m-reference-splits/}, laid out as in the project's shared data folder.
 *
 * <p>The data is never part of the repository (its terms forbid redistribution), so every caller
 * names the root at run time; {@link #DEFAULT_DATA_ROOT} is the conventional place, beside the
 * clone, resolved against the working directory.
 *
 * @param dataRoot the folder that holds {@code movielens-1m/}
 */
public record MovieLensFiles(Path dataRoot) {

    /** {@code ../shared/data}: the shared data folder seen from the repository root. */
    public static final Path DEFAULT_DATA_ROOT = Path.of("..", "shared", "data");

    /** Folder of users.dat, movies.dat and ratings_merged.csv.gz under the data root. */
    public static final String MOVIELENS_DIR = "movielens-1m";

    /** Folder of the reference split files under the data root. */
    public static final String SPLITS_DIR = "movielens-1m-reference-splits";

    static final String USERS = "users.dat";
    static final String MOVIES = "movies.dat";
    static final String RATINGS = "ratings_merged.csv.gz";
    static final String AUTOIFS_SPLIT = "autoifs_split_order.csv.gz";

    /**
     * sha256 of {@code autoifs_split_order.csv.gz} as given in the splits folder's README. The file
     * holds row numbers only, so a different file would silently train on a different split;
     * checking the hash makes that a load failure instead.
     */
    public static final String AUTOIFS_SPLIT_SHA256 =
            "589a86e8a395975cd1060946a602a6ce495ba0909cec18ef9c1511374f05e177";

    public MovieLensFiles {
        Objects.requireNonNull(dataRoot, "dataRoot");
    }

    /** The files under {@code dataRoot}. */
    public static MovieLensFiles at(Path dataRoot) {
        return new MovieLensFiles(dataRoot);
    }

    /** The files under {@link #DEFAULT_DATA_ROOT}. */
    public static MovieLensFiles atDefaultRoot() {
        return new MovieLensFiles(DEFAULT_DATA_ROOT);
    }

    public Path movieLensDir() {
        return dataRoot.resolve(MOVIELENS_DIR);
    }

    public Path users() {
        return movieLensDir().resolve(USERS);
    }

    public Path movies() {
        return movieLensDir().resolve(MOVIES);
    }

    public Path ratings() {
        return movieLensDir().resolve(RATINGS);
    }

    public Path autoIfsSplit() {
        return dataRoot.resolve(SPLITS_DIR).resolve(AUTOIFS_SPLIT);
    }

    /** The files this package reads that are not regular files here; empty when all are present. */
    public List<Path> missing() {
        List<Path> missing = new ArrayList<>();
        for (Path p : List.of(users(), movies(), ratings(), autoIfsSplit())) {
            if (!Files.isRegularFile(p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    /** Whether every file this package reads is present. */
    public boolean present() {
        return missing().isEmpty();
    }
}
