package dev.flowrec.data.movielens;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MovieLens-1M joined as both reference pipelines join it: every rating with its movie's first
 * genre and its user's gender, age, occupation and zip code, the scenario derived from the age code
 * and the two task labels derived from the rating.
 *
 * <pre>{@code
 * MovieLensFiles files = MovieLensFiles.at(Path.of("../shared/data"));
 * MovieLens1m data = MovieLens1m.load(files);
 * MovieLensSplit split = MovieLensSplit.autoIfs(data, files);
 * MovieLensBatches batches = new MovieLensBatches(data, MovieLensVocabulary.of(data));
 * for (Batch batch : batches.batches(split, MovieLensSplit.Part.TRAIN, 4096)) {
 *     trainer.train(batch);
 * }
 * }</pre>
 *
 * <p>A <em>row</em> is the 0-based line of a rating in the original ratings.dat order (row 0 is
 * user 1, movie 1193); the splits and the replay refer to ratings by row. The table is a handful of
 * primitive arrays plus small per-user and per-movie tables, about 14 MB of heap for 1,000,209
 * ratings: user and movie attributes are looked up through the ids rather than copied per row.
 *
 * <p>Timestamps exist only for users 1 to 2999 ({@link #hasTimestamp}); the reference pipelines
 * drop the timestamp, so nothing else depends on it. Instances are immutable and thread-safe.
 */
public final class MovieLens1m {
    /** Scenario names by age group: {1, 18}, {25}, {35, 45, 50, 56}. */
    public static final List<String> SCENARIOS = List.of("0", "1", "2");

    /** Task: rating > 3. */
    public static final String CLICK = "click";

    /** Task: rating > 4. */
    public static final String LIKE = "like";

    /** Task names, in model order. */
    public static final List<String> TASKS = List.of(CLICK, LIKE);

    /** The scenarios and tasks of both reference protocols. */
    public static final ScenarioTaskSpace SPACE = new ScenarioTaskSpace(SCENARIOS, TASKS);

    /** Timestamp value of ratings that have none (users 3000 to 6040). */
    static final int NO_TIMESTAMP = -1;

    private final int[] users;
    private final int[] movies;
    private final byte[] ratings;
    private final int[] timestamps;
    private final UserTable userTable;
    private final String[] movieFirstGenre;

    MovieLens1m(
            int[] users,
            int[] movies,
            byte[] ratings,
            int[] timestamps,
            UserTable userTable,
            String[] movieFirstGenre) {
        this.users = users;
        this.movies = movies;
        this.ratings = ratings;
        this.timestamps = timestamps;
        this.userTable = userTable;
        this.movieFirstGenre = movieFirstGenre;
    }

    /**
     * Reads users.dat, movies.dat and ratings_merged.csv.gz and joins them.
     *
     * @throws IOException if a file is missing or unreadable, or a line is malformed or refers to
     *     an unknown user or movie; the message names the file and the line
     */
    public static MovieLens1m load(MovieLensFiles files) throws IOException {
        return MovieLensReader.read(files);
    }

    /** {@link #load(MovieLensFiles)} under {@code dataRoot}. */
    public static MovieLens1m load(Path dataRoot) throws IOException {
        return load(MovieLensFiles.at(dataRoot));
    }

    /**
     * Scenario index of an age code: {1, 18} → 0, {25} → 1, {35, 45, 50, 56} → 2.
     *
     * @throws IllegalArgumentException for any other code
     */
    public static int scenarioOfAge(int ageCode) {
        return switch (ageCode) {
            case 1, 18 -> 0;
            case 25 -> 1;
            case 35, 45, 50, 56 -> 2;
            default ->
                    throw new IllegalArgumentException(
                            String.format(
                                    "unknown MovieLens age code %d, expected one of 1, 18, 25, 35,"
                                            + " 45, 50, 56",
                                    ageCode));
        };
    }

    /** Number of ratings. */
    public int rowCount() {
        return users.length;
    }

    public int userId(int row) {
        return users[row];
    }

    public int movieId(int row) {
        return movies[row];
    }

    /** The rating, 1 to 5. */
    public int rating(int row) {
        return ratings[row];
    }

    /** Whether the rating has a timestamp (only ratings of users 1 to 2999 do). */
    public boolean hasTimestamp(int row) {
        return timestamps[row] != NO_TIMESTAMP;
    }

    /**
     * Unix seconds of the rating.
     *
     * @throws IllegalStateException if the rating has no timestamp
     */
    public long timestampSeconds(int row) {
        int t = timestamps[row];
        if (t == NO_TIMESTAMP) {
            throw new IllegalStateException(
                    String.format(
                            "rating row %d (user %d) has no timestamp: only users 1 to 2999 have"
                                    + " them",
                            row, users[row]));
        }
        return t;
    }

    /** "F" or "M". */
    public String gender(int row) {
        return userTable.gender(users[row]);
    }

    /** The age code (1, 18, 25, 35, 45, 50 or 56). */
    public int age(int row) {
        return userTable.age(users[row]);
    }

    /** The occupation code, 0 to 20. */
    public int occupation(int row) {
        return userTable.occupation(users[row]);
    }

    public String zip(int row) {
        return userTable.zip(users[row]);
    }

    /** The first of the movie's pipe-separated genres (the reference's {@code cate_id}). */
    public String firstGenre(int row) {
        return movieFirstGenre[movies[row]];
    }

    /** Scenario index into {@link #SCENARIOS}, from the user's age code. */
    public int scenario(int row) {
        return userTable.scenario(users[row]);
    }

    /** rating > 3. */
    public boolean click(int row) {
        return ratings[row] > 3;
    }

    /** rating > 4. */
    public boolean like(int row) {
        return ratings[row] > 4;
    }

    /** Label of task index {@code task} in {@link #TASKS}: 1 or 0. */
    public float label(int row, int task) {
        return switch (task) {
            case 0 -> click(row) ? 1f : 0f;
            case 1 -> like(row) ? 1f : 0f;
            default ->
                    throw new IndexOutOfBoundsException(
                            String.format("task index %d, expected 0 (click) or 1 (like)", task));
        };
    }

    /** The users.dat attributes, indexed by user id. */
    UserTable userTable() {
        return userTable;
    }

    /** Largest movie id in movies.dat. */
    int maxMovieId() {
        return movieFirstGenre.length - 1;
    }

    /** First genre of a movie id, or null when movies.dat has no such movie. */
    String movieFirstGenre(int movieId) {
        return movieId >= 0 && movieId < movieFirstGenre.length ? movieFirstGenre[movieId] : null;
    }

    /** Number of distinct users that rated something. */
    public int distinctUsers() {
        return distinct(users, userTable.maxUserId());
    }

    /** Number of distinct movies that were rated. */
    public int distinctMovies() {
        return distinct(movies, maxMovieId());
    }

    private static int distinct(int[] ids, int maxId) {
        boolean[] seen = new boolean[maxId + 1];
        int count = 0;
        for (int id : ids) {
            if (!seen[id]) {
                seen[id] = true;
                count++;
            }
        }
        return count;
    }
}
