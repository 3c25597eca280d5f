package dev.flowrec.data.movielens;

import dev.flowrec.events.Impression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AutoIFS reference vocabulary: eight categorical fields, every value seen in the ratings gets
 * an id (minimum count 0), plus one out-of-vocabulary slot per field, all in one global embedding
 * table. For MovieLens-1M that is 13,244 rows: user 6,040, movie 3,706, gender 2, age 7, occupation
 * 21, zip 3,439, first genre 18, scenario 3, each plus 1.
 *
 * <p>Field {@code f} owns the rows {@code [offset(f), offset(f) + valueCount(f)]}: its values
 * first, then its OOV row. Within a field, ids follow descending rating count with ties broken by
 * value, as the reference's {@code value_counts} orders them except that pandas leaves the order of
 * ties unspecified; the ids of tied values may therefore differ from the reference's. That only
 * matters for comparing embedding tables row by row, never for a model's results, since every
 * embedding row starts random.
 *
 * <p>Encoding a rating is eight array lookups: the global rows of each user's five user-side fields
 * and of each movie's two movie-side fields are precomputed.
 */
public final class MovieLensVocabulary implements RatingEncoding {
    /** Field names in model order, as the reference names them. */
    public static final List<String> FIELDS =
            List.of(
                    "user_id",
                    "movie_id",
                    "gender",
                    "age",
                    "occupation",
                    "zip",
                    "cate_id",
                    "domain_indicator");

    public static final int USER_ID = 0;
    public static final int MOVIE_ID = 1;
    public static final int GENDER = 2;
    public static final int AGE = 3;
    public static final int OCCUPATION = 4;
    public static final int ZIP = 5;
    public static final int CATE_ID = 6;
    public static final int DOMAIN_INDICATOR = 7;

    /** User-side fields, in the order of the per-user row table. */
    private static final int[] USER_FIELDS = {
        USER_ID, GENDER, AGE, OCCUPATION, ZIP, DOMAIN_INDICATOR
    };

    /** Fields whose values are numbers, so ties sort numerically (2 before 10). */
    private static final boolean[] NUMERIC = {true, true, false, true, true, false, false, true};

    private final MovieLens1m data;
    private final List<List<String>> values;
    private final List<Map<String, Integer>> localIds;
    private final int[] offsets;
    private final int[] userRows;
    private final int[] movieRows;

    private MovieLensVocabulary(MovieLens1m data, List<Map<String, Long>> counts) {
        this.data = data;
        this.values = new ArrayList<>(FIELDS.size());
        this.localIds = new ArrayList<>(FIELDS.size());
        this.offsets = new int[FIELDS.size() + 1];
        for (int f = 0; f < FIELDS.size(); f++) {
            Map<String, Long> fieldCounts = counts.get(f);
            Comparator<String> byValue =
                    NUMERIC[f]
                            ? Comparator.comparingLong(Long::parseLong)
                            : Comparator.naturalOrder();
            List<String> sorted = new ArrayList<>(fieldCounts.keySet());
            sorted.sort(
                    Comparator.comparing((String v) -> fieldCounts.get(v))
                            .reversed()
                            .thenComparing(byValue));
            Map<String, Integer> ids = new HashMap<>(sorted.size() * 2);
            for (int i = 0; i < sorted.size(); i++) {
                ids.put(sorted.get(i), i);
            }
            values.add(List.copyOf(sorted));
            localIds.add(ids);
            offsets[f + 1] = offsets[f] + sorted.size() + 1; // + the OOV row
        }
        UserTable users = data.userTable();
        this.userRows = new int[(users.maxUserId() + 1) * USER_FIELDS.length];
        for (int u = 0; u <= users.maxUserId(); u++) {
            if (users.contains(u)) {
                String[] text = userValues(users, u);
                for (int k = 0; k < USER_FIELDS.length; k++) {
                    userRows[u * USER_FIELDS.length + k] = row(USER_FIELDS[k], text[k]);
                }
            }
        }
        this.movieRows = new int[(data.maxMovieId() + 1) * 2];
        for (int m = 0; m <= data.maxMovieId(); m++) {
            String genre = data.movieFirstGenre(m);
            if (genre != null) {
                movieRows[m * 2] = row(MOVIE_ID, Integer.toString(m));
                movieRows[m * 2 + 1] = row(CATE_ID, genre);
            }
        }
    }

    /** The vocabulary of every value seen in {@code data}'s ratings, in all splits. */
    public static MovieLensVocabulary of(MovieLens1m data) {
        UserTable users = data.userTable();
        long[] perUser = new long[users.maxUserId() + 1];
        long[] perMovie = new long[data.maxMovieId() + 1];
        for (int row = 0; row < data.rowCount(); row++) {
            perUser[data.userId(row)]++;
            perMovie[data.movieId(row)]++;
        }
        List<Map<String, Long>> counts = new ArrayList<>(FIELDS.size());
        for (int f = 0; f < FIELDS.size(); f++) {
            counts.add(new HashMap<>());
        }
        // Counting per user and per movie, then adding up their attributes, gives the same
        // per-value rating counts as counting a million rows, at a fraction of the cost.
        for (int u = 0; u < perUser.length; u++) {
            if (perUser[u] > 0) {
                String[] text = userValues(users, u);
                for (int k = 0; k < USER_FIELDS.length; k++) {
                    counts.get(USER_FIELDS[k]).merge(text[k], perUser[u], Long::sum);
                }
            }
        }
        for (int m = 0; m < perMovie.length; m++) {
            if (perMovie[m] > 0) {
                counts.get(MOVIE_ID).merge(Integer.toString(m), perMovie[m], Long::sum);
                counts.get(CATE_ID).merge(data.movieFirstGenre(m), perMovie[m], Long::sum);
            }
        }
        return new MovieLensVocabulary(data, counts);
    }

    private static String[] userValues(UserTable users, int u) {
        return new String[] {
            Integer.toString(u),
            users.gender(u),
            Integer.toString(users.age(u)),
            Integer.toString(users.occupation(u)),
            users.zip(u),
            MovieLens1m.SCENARIOS.get(users.scenario(u))
        };
    }

    /** Rows of the global embedding table (13,244 for MovieLens-1M). */
    @Override
    public int size() {
        return offsets[FIELDS.size()];
    }

    @Override
    public int fieldCount() {
        return FIELDS.size();
    }

    /** No real values: every field, age included, is an embedding row. */
    @Override
    public int denseWidth() {
        return 0;
    }

    @Override
    public void dense(int row, float[] out, int at) {
        // no dense values to write
    }

    /** Global row of field {@code field}'s first value. */
    public int offset(int field) {
        return offsets[checkField(field)];
    }

    /** Values of the field seen in the data, without its OOV row. */
    public int valueCount(int field) {
        return values.get(checkField(field)).size();
    }

    /** Global row that unseen values of the field map to: the field's last row. */
    public int oovRow(int field) {
        return offsets[checkField(field) + 1] - 1;
    }

    /** The value text behind a global row, or null for an OOV row. */
    public String value(int field, int globalRow) {
        int local = globalRow - offset(field);
        List<String> fieldValues = values.get(field);
        if (local < 0 || local > fieldValues.size()) {
            throw new IndexOutOfBoundsException(
                    String.format(
                            "row %d is not in field %s (rows %d..%d)",
                            globalRow, FIELDS.get(field), offset(field), oovRow(field)));
        }
        return local == fieldValues.size() ? null : fieldValues.get(local);
    }

    /**
     * Global row of a value given as text (ids and codes in decimal, e.g. "25" for the age code,
     * "0" for the first scenario); the field's OOV row when the value was never seen or is null.
     */
    public int row(int field, String value) {
        Integer local = value == null ? null : localIds.get(checkField(field)).get(value);
        return local == null ? oovRow(field) : offsets[field] + local;
    }

    /** Writes the global rows of rating {@code row}'s eight fields into {@code out[at..at+8)}. */
    @Override
    public void encode(int row, int[] out, int at) {
        int u = data.userId(row) * USER_FIELDS.length;
        int m = data.movieId(row) * 2;
        out[at + USER_ID] = userRows[u];
        out[at + MOVIE_ID] = movieRows[m];
        out[at + GENDER] = userRows[u + 1];
        out[at + AGE] = userRows[u + 2];
        out[at + OCCUPATION] = userRows[u + 3];
        out[at + ZIP] = userRows[u + 4];
        out[at + CATE_ID] = movieRows[m + 1];
        out[at + DOMAIN_INDICATOR] = userRows[u + 5];
    }

    /** The global rows of rating {@code row}'s eight fields. */
    public int[] encode(int row) {
        int[] out = new int[FIELDS.size()];
        encode(row, out, 0);
        return out;
    }

    /**
     * The global rows of a replayed impression ({@link MovieLensReplay}): user and item ids, the
     * categorical features named as the fields, and the scenario as {@code domain_indicator}.
     * Missing or unseen values map to the OOV rows.
     */
    public int[] encode(Impression impression) {
        Map<String, String> categorical = impression.getCategorical();
        int[] out = new int[FIELDS.size()];
        out[USER_ID] = row(USER_ID, impression.getUserId());
        out[MOVIE_ID] = row(MOVIE_ID, impression.getItemId());
        for (int f = GENDER; f <= CATE_ID; f++) {
            out[f] = row(f, categorical.get(FIELDS.get(f)));
        }
        out[DOMAIN_INDICATOR] = row(DOMAIN_INDICATOR, impression.getScenario());
        return out;
    }

    private static int checkField(int field) {
        if (field < 0 || field >= FIELDS.size()) {
            throw new IndexOutOfBoundsException(
                    String.format("field index %d, expected 0..%d", field, FIELDS.size() - 1));
        }
        return field;
    }
}
