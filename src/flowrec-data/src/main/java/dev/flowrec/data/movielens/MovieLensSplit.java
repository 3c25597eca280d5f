package dev.flowrec.data.movielens;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * A train / validation / test split of the ratings, as arrays of rating rows ({@link MovieLens1m}
 * row numbers) in the order each part is used. Two reference protocols:
 *
 * <ul>
 *   <li>{@link #autoIfs}: the random 80/10/10 split of the AutoIFS reference, read from the
 *       published split file, because pandas' sampling cannot be reproduced exactly; the training
 *       rows come in the order the reference trains on them in every epoch.
 *   <li>{@link #m3oe}: the positional split of the M3oE reference over the merged ratings × movies
 *       × users table, rebuilt with {@link #m3oeMergedOrder}; the reference shuffles training
 *       batches every epoch ({@link #shuffled}).
 * </ul>
 *
 * <p>Instances are immutable: {@link #rows} hands out copies.
 */
public final class MovieLensSplit {
    /** The three parts of a split. */
    public enum Part {
        TRAIN,
        VALIDATION,
        TEST
    }

    /** Size of the M3oE training part: positions [0, 800167) of the merged order. */
    public static final int M3OE_TRAIN_END = 800_167;

    /** End of the M3oE validation part: positions [800167, 900188). */
    public static final int M3OE_VALIDATION_END = 900_188;

    private final String protocol;
    private final int[][] parts;

    private MovieLensSplit(String protocol, int[] train, int[] validation, int[] test) {
        this.protocol = protocol;
        this.parts = new int[][] {train, validation, test};
    }

    /**
     * The AutoIFS split, read from {@code autoifs_split_order.csv.gz} after checking its sha256
     * against {@link MovieLensFiles#AUTOIFS_SPLIT_SHA256}.
     *
     * @throws IOException if the file is missing, its hash differs, a line is malformed, the parts
     *     are not contiguous in the order train, validation, test, or the rows are not exactly
     *     every rating of {@code data} once
     */
    public static MovieLensSplit autoIfs(MovieLens1m data, MovieLensFiles files)
            throws IOException {
        Path path = files.autoIfsSplit();
        MovieLensReader.requireFile(path);
        String hash = MovieLensReader.sha256(path);
        if (!hash.equals(MovieLensFiles.AUTOIFS_SPLIT_SHA256)) {
            throw new IOException(
                    String.format(
                            "%s has sha256 %s, expected %s (see the README beside it): it is not"
                                    + " the reference AutoIFS split, refusing to train on it",
                            path, hash, MovieLensFiles.AUTOIFS_SPLIT_SHA256));
        }
        return readAutoIfs(data.rowCount(), path);
    }

    /** Parses a split file without checking its hash (tests feed it small files). */
    static MovieLensSplit readAutoIfs(int rowCount, Path path) throws IOException {
        int[] rows = new int[rowCount];
        int[] partEnd = new int[3];
        BitSet seen = new BitSet(rowCount);
        int n = 0;
        int currentPart = 0;
        try (BufferedReader reader = MovieLensReader.open(path, true)) {
            String header = reader.readLine();
            if (!"split,ratings_line".equals(header)) {
                throw MovieLensReader.malformed(
                        path, 1, "header is '" + header + "', expected 'split,ratings_line'");
            }
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw MovieLensReader.malformed(path, lineNumber, "expected 'split,line'");
                }
                int part = partOf(line.substring(0, comma), path, lineNumber);
                if (part < currentPart) {
                    throw MovieLensReader.malformed(
                            path,
                            lineNumber,
                            String.format(
                                    "a %s row after the %s rows: the parts must be contiguous,"
                                            + " in the order train, validation, test",
                                    line.substring(0, comma), Part.values()[currentPart]));
                }
                currentPart = part;
                int row =
                        MovieLensReader.parseDigits(
                                line, comma + 1, line.length(), path, lineNumber, "ratings_line");
                if (row >= rowCount || n >= rowCount) {
                    throw MovieLensReader.malformed(
                            path,
                            lineNumber,
                            String.format(
                                    "ratings line %d but the ratings have %d rows", row, rowCount));
                }
                if (seen.get(row)) {
                    throw MovieLensReader.malformed(
                            path, lineNumber, "ratings line " + row + " listed twice");
                }
                seen.set(row);
                rows[n++] = row;
                partEnd[part] = n;
            }
        }
        if (n != rowCount) {
            throw new IOException(
                    String.format(
                            "%s lists %d rows but the ratings have %d: it belongs to other data",
                            path, n, rowCount));
        }
        // A part that is absent ends where the one before it ends.
        partEnd[1] = Math.max(partEnd[1], partEnd[0]);
        return new MovieLensSplit(
                "autoifs",
                Arrays.copyOfRange(rows, 0, partEnd[0]),
                Arrays.copyOfRange(rows, partEnd[0], partEnd[1]),
                Arrays.copyOfRange(rows, partEnd[1], n));
    }

    private static int partOf(String name, Path path, int lineNumber) throws IOException {
        return switch (name) {
            case "train" -> 0;
            case "validation" -> 1;
            case "test" -> 2;
            default ->
                    throw MovieLensReader.malformed(
                            path,
                            lineNumber,
                            "split '" + name + "' is not one of train, validation, test");
        };
    }

    /**
     * The M3oE split: positions [0, 800167) of {@link #m3oeMergedOrder} for training, [800167,
     * 900188) for validation, the rest for testing.
     *
     * @throws IllegalArgumentException if {@code data} has no more than 900,188 ratings
     */
    public static MovieLensSplit m3oe(MovieLens1m data) {
        int[] merged = m3oeMergedOrder(data);
        if (merged.length <= M3OE_VALIDATION_END) {
            throw new IllegalArgumentException(
                    String.format(
                            "the M3oE split needs more than %d ratings, got %d",
                            M3OE_VALIDATION_END, merged.length));
        }
        return new MovieLensSplit(
                "m3oe",
                Arrays.copyOfRange(merged, 0, M3OE_TRAIN_END),
                Arrays.copyOfRange(merged, M3OE_TRAIN_END, M3OE_VALIDATION_END),
                Arrays.copyOfRange(merged, M3OE_VALIDATION_END, merged.length));
    }

    /**
     * Rating rows in the order pandas (before 2.2) returns the inner merge ratings × movies ×
     * users: a stable sort by the line at which each movie first appears, then a stable sort of
     * that by the position at which each user first appears in it. Both sorts are counting sorts,
     * linear in the number of ratings.
     */
    public static int[] m3oeMergedOrder(MovieLens1m data) {
        int n = data.rowCount();
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        int[] byMovie = stableGroupByFirstAppearance(identity, data::movieId);
        return stableGroupByFirstAppearance(byMovie, data::userId);
    }

    /**
     * Reorders {@code order} so that equal keys are contiguous, groups in the order their key first
     * appears, and rows within a group in their order in {@code order}.
     */
    private static int[] stableGroupByFirstAppearance(int[] order, IntUnaryOperator keyOfRow) {
        int maxKey = 0;
        for (int row : order) {
            maxKey = Math.max(maxKey, keyOfRow.applyAsInt(row));
        }
        int[] rank = new int[maxKey + 1];
        Arrays.fill(rank, -1);
        int groups = 0;
        int[] groupSize = new int[maxKey + 1];
        for (int row : order) {
            int key = keyOfRow.applyAsInt(row);
            if (rank[key] < 0) {
                rank[key] = groups++;
            }
            groupSize[rank[key]]++;
        }
        int[] start = new int[groups];
        for (int g = 1; g < groups; g++) {
            start[g] = start[g - 1] + groupSize[g - 1];
        }
        int[] out = new int[order.length];
        for (int row : order) {
            out[start[rank[keyOfRow.applyAsInt(row)]]++] = row;
        }
        return out;
    }

    /** A copy of {@code rows} in a random order drawn from {@code seed} (Fisher-Yates). */
    public static int[] shuffled(int[] rows, long seed) {
        int[] out = rows.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** "autoifs" or "m3oe". */
    public String protocol() {
        return protocol;
    }

    /** A copy of the part's rating rows, in the order the protocol uses them. */
    public int[] rows(Part part) {
        return parts[part.ordinal()].clone();
    }

    public int size(Part part) {
        return parts[part.ordinal()].length;
    }

    /** The {@code i}-th rating row of the part. */
    public int row(Part part, int i) {
        return parts[part.ordinal()][i];
    }

    @Override
    public String toString() {
        return String.format(
                "MovieLensSplit[%s: train %d, validation %d, test %d]",
                protocol, size(Part.TRAIN), size(Part.VALIDATION), size(Part.TEST));
    }
}
