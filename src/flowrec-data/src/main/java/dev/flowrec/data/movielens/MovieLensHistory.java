package dev.flowrec.data.movielens;

import dev.flowrec.core.batch.Batch;
import java.util.Arrays;
import java.util.List;

/**
 * Behaviour sequences for offline MovieLens batches (DTRN's input in B1 and B4): for a rating, the
 * user's latest clicked and latest liked movies among the given history rows that came strictly
 * before it, as embedding rows of the vocabulary's movie field, oldest first and left-padded with
 * {@link Batch#PADDING}, in the order {@link #BEHAVIOURS}.
 *
 * <p>"Before" is by timestamp for users 1 to 2999, the only ones the data set times; ratings in the
 * same second are not before each other. Users without timestamps fall back to file order, the only
 * order the data gives them. Only history rows count, so built from the training split a sequence
 * never holds a validation or test label.
 */
public final class MovieLensHistory {
    /** The behaviours in the order sequences are written: clicked, then liked. */
    public static final List<String> BEHAVIOURS =
            List.of(MovieLensReplay.CLICKED_SEQUENCE, MovieLensReplay.LIKED_SEQUENCE);

    // Row numbers stay below 2^20, so (timestamp << 20) | row orders by time, then file order.
    private static final int ROW_BITS = 20;

    private final MovieLens1m data;
    private final int length;

    /**
     * Per user and behaviour ({@code user * 2 + b}): sorted order keys and the movies' embedding
     * rows.
     */
    private final long[][] keys;

    private final int[][] items;

    private MovieLensHistory(MovieLens1m data, int length, long[][] keys, int[][] items) {
        this.data = data;
        this.length = length;
        this.keys = keys;
        this.items = items;
    }

    /**
     * The history that {@code historyRows} (e.g. the training split) make, {@code length} movies
     * per sequence.
     */
    public static MovieLensHistory of(
            MovieLens1m data, MovieLensVocabulary vocabulary, int[] historyRows, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, got " + length);
        }
        if (data.rowCount() > 1 << ROW_BITS) {
            throw new IllegalArgumentException(
                    data.rowCount() + " ratings do not fit the " + ROW_BITS + "-bit row keys");
        }
        int slots = (data.userTable().maxUserId() + 1) * BEHAVIOURS.size();
        int[] counts = new int[slots];
        for (int row : historyRows) {
            for (int b = 0; b < BEHAVIOURS.size(); b++) {
                if (data.label(row, b) > 0) {
                    counts[data.userId(row) * BEHAVIOURS.size() + b]++;
                }
            }
        }
        long[][] keys = new long[slots][];
        for (int s = 0; s < slots; s++) {
            keys[s] = new long[counts[s]];
        }
        Arrays.fill(counts, 0);
        for (int row : historyRows) {
            for (int b = 0; b < BEHAVIOURS.size(); b++) {
                if (data.label(row, b) > 0) {
                    int s = data.userId(row) * BEHAVIOURS.size() + b;
                    keys[s][counts[s]++] = key(data, row);
                }
            }
        }
        int[][] items = new int[slots][];
        for (int s = 0; s < slots; s++) {
            Arrays.sort(keys[s]);
            items[s] = new int[keys[s].length];
            for (int i = 0; i < keys[s].length; i++) {
                int row = (int) (keys[s][i] & ((1L << ROW_BITS) - 1));
                items[s][i] = vocabulary.encode(row)[MovieLensVocabulary.MOVIE_ID];
            }
        }
        return new MovieLensHistory(data, length, keys, items);
    }

    private static long key(MovieLens1m data, int row) {
        long time = data.hasTimestamp(row) ? data.timestampSeconds(row) : 0L;
        return time << ROW_BITS | row;
    }

    /** Movies per sequence. */
    public int length() {
        return length;
    }

    public int behaviours() {
        return BEHAVIOURS.size();
    }

    /**
     * Writes rating {@code row}'s sequences, {@code behaviours() * length()} rows, into {@code out}
     * from {@code at}.
     */
    public void write(int row, int[] out, int at) {
        // Everything keyed below this came strictly before the rating: an earlier second, or for an
        // untimed user an earlier row.
        long before = data.hasTimestamp(row) ? data.timestampSeconds(row) << ROW_BITS : row;
        for (int b = 0; b < BEHAVIOURS.size(); b++) {
            int s = data.userId(row) * BEHAVIOURS.size() + b;
            int end = insertionPoint(keys[s], before);
            int kept = Math.min(end, length);
            int start = at + b * length;
            int pad = length - kept;
            Arrays.fill(out, start, start + pad, Batch.PADDING);
            System.arraycopy(items[s], end - kept, out, start + pad, kept);
        }
    }

    private static int insertionPoint(long[] sorted, long key) {
        int i = Arrays.binarySearch(sorted, key);
        return i >= 0 ? i : -i - 1;
    }
}
