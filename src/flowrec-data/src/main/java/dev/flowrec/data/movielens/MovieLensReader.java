package dev.flowrec.data.movielens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Parses the three MovieLens-1M files. Every text file is decoded as ISO-8859-1: movies.dat is
 * Latin-1 (accented titles), and a UTF-8 decoder would fail on it; the other files are ASCII, for
 * which both agree.
 *
 * <p>The ratings are parsed field by field from each line into growing primitive arrays rather than
 * split into strings, which keeps the load of a million lines well under a second.
 */
final class MovieLensReader {
    static final String RATINGS_HEADER = "user_id,movie_id,rating,timestamp";
    private static final String SEPARATOR = "::";
    private static final int BUFFER = 1 << 16;

    private MovieLensReader() {}

    static MovieLens1m read(MovieLensFiles files) throws IOException {
        UserTable users = readUsers(files.users());
        String[] firstGenre = readMovies(files.movies());
        return readRatings(files.ratings(), users, firstGenre);
    }

    static UserTable readUsers(Path path) throws IOException {
        List<String[]> lines = readSeparated(path, 5);
        int maxId = 0;
        for (String[] f : lines) {
            maxId = Math.max(maxId, parseId(f[0], path, f));
        }
        UserTable table = new UserTable(maxId);
        int lineNumber = 0;
        for (String[] f : lines) {
            lineNumber++;
            int id = parseId(f[0], path, f);
            if (table.contains(id)) {
                throw malformed(path, lineNumber, "user " + id + " appears twice");
            }
            if (!f[1].equals("F") && !f[1].equals("M")) {
                throw malformed(path, lineNumber, "gender '" + f[1] + "' is neither F nor M");
            }
            int occupation = parseInt(f[3], path, lineNumber, "occupation");
            if (occupation < 0 || occupation > Byte.MAX_VALUE) {
                throw malformed(path, lineNumber, "occupation " + occupation + " out of range");
            }
            try {
                int age = parseInt(f[2], path, lineNumber, "age");
                table.put(id, f[1].charAt(0), age, occupation, f[4]);
            } catch (IllegalArgumentException e) {
                throw malformed(path, lineNumber, e.getMessage());
            }
        }
        return table;
    }

    /** First genre per movie id; null where movies.dat has no such movie. */
    static String[] readMovies(Path path) throws IOException {
        List<String[]> lines = readSeparated(path, 3);
        int maxId = 0;
        for (String[] f : lines) {
            maxId = Math.max(maxId, parseId(f[0], path, f));
        }
        String[] firstGenre = new String[maxId + 1];
        int lineNumber = 0;
        for (String[] f : lines) {
            lineNumber++;
            int id = parseId(f[0], path, f);
            if (firstGenre[id] != null) {
                throw malformed(path, lineNumber, "movie " + id + " appears twice");
            }
            String genres = f[2];
            int bar = genres.indexOf('|');
            String first = bar < 0 ? genres : genres.substring(0, bar);
            if (first.isEmpty()) {
                throw malformed(path, lineNumber, "movie " + id + " has no genre");
            }
            firstGenre[id] = first.intern();
        }
        return firstGenre;
    }

    /**
     * Splits each line at {@code ::} into exactly {@code fields} parts; a movie title containing
     * {@code ::} would shift the genres, so the middle part takes whatever lies between the first
     * and the last separators.
     */
    private static List<String[]> readSeparated(Path path, int fields) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader reader = open(path, false)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(SEPARATOR, -1);
                if (parts.length > fields && fields == 3) {
                    int first = line.indexOf(SEPARATOR);
                    int last = line.lastIndexOf(SEPARATOR);
                    parts =
                            new String[] {
                                line.substring(0, first),
                                line.substring(first + 2, last),
                                line.substring(last + 2)
                            };
                }
                if (parts.length != fields) {
                    throw malformed(
                            path,
                            lineNumber,
                            String.format(
                                    "expected %d '::'-separated fields, got %d",
                                    fields, parts.length));
                }
                out.add(parts);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(String.format("%s has no data lines", path));
        }
        return out;
    }

    private static MovieLens1m readRatings(Path path, UserTable users, String[] firstGenre)
            throws IOException {
        int capacity = 1 << 20; // MovieLens-1M fits without growing
        int[] user = new int[capacity];
        int[] movie = new int[capacity];
        byte[] rating = new byte[capacity];
        int[] timestamp = new int[capacity];
        int n = 0;
        try (BufferedReader reader = open(path, true)) {
            String header = reader.readLine();
            if (!RATINGS_HEADER.equals(header)) {
                throw malformed(
                        path, 1, "header is '" + header + "', expected '" + RATINGS_HEADER + "'");
            }
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (n == user.length) {
                    capacity = user.length * 2;
                    user = Arrays.copyOf(user, capacity);
                    movie = Arrays.copyOf(movie, capacity);
                    rating = Arrays.copyOf(rating, capacity);
                    timestamp = Arrays.copyOf(timestamp, capacity);
                }
                int c1 = line.indexOf(',');
                int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
                int c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
                if (c3 < 0 || line.indexOf(',', c3 + 1) >= 0) {
                    throw malformed(path, lineNumber, "expected 4 comma-separated fields");
                }
                int u = parseDigits(line, 0, c1, path, lineNumber, "user_id");
                int m = parseDigits(line, c1 + 1, c2, path, lineNumber, "movie_id");
                int r = parseDigits(line, c2 + 1, c3, path, lineNumber, "rating");
                if (!users.contains(u)) {
                    throw malformed(path, lineNumber, "user " + u + " is not in users.dat");
                }
                if (m >= firstGenre.length || firstGenre[m] == null) {
                    throw malformed(path, lineNumber, "movie " + m + " is not in movies.dat");
                }
                if (r < 1 || r > 5) {
                    throw malformed(path, lineNumber, "rating " + r + " is not in 1..5");
                }
                user[n] = u;
                movie[n] = m;
                rating[n] = (byte) r;
                timestamp[n] =
                        c3 + 1 == line.length()
                                ? MovieLens1m.NO_TIMESTAMP
                                : parseDigits(
                                        line, c3 + 1, line.length(), path, lineNumber, "timestamp");
                n++;
            }
        }
        if (n == 0) {
            throw new IOException(String.format("%s has no ratings", path));
        }
        return new MovieLens1m(
                Arrays.copyOf(user, n),
                Arrays.copyOf(movie, n),
                Arrays.copyOf(rating, n),
                Arrays.copyOf(timestamp, n),
                users,
                firstGenre);
    }

    static BufferedReader open(Path path, boolean gzip) throws IOException {
        requireFile(path);
        InputStream in = Files.newInputStream(path);
        try {
            InputStream decoded = gzip ? new GZIPInputStream(in, BUFFER) : in;
            return new BufferedReader(
                    new InputStreamReader(decoded, StandardCharsets.ISO_8859_1), BUFFER);
        } catch (IOException e) {
            in.close();
            throw new IOException(String.format("%s is not a readable gzip file", path), e);
        }
    }

    static void requireFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(
                    path.toString(),
                    null,
                    "MovieLens-1M file missing. The data is not part of the repository: pass the"
                            + " data root that holds movielens-1m/ and"
                            + " movielens-1m-reference-splits/ (by default ../shared/data beside"
                            + " the clone)");
        }
    }

    static String sha256(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** A non-negative decimal integer that fits an int, occupying {@code line[from, to)}. */
    static int parseDigits(String line, int from, int to, Path path, int lineNumber, String field)
            throws IOException {
        long value = 0;
        boolean valid = from < to && to - from <= 10;
        for (int i = from; valid && i < to; i++) {
            char c = line.charAt(i);
            valid = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!valid || value > Integer.MAX_VALUE) {
            throw malformed(
                    path,
                    lineNumber,
                    String.format(
                            "%s '%s' is not a non-negative int", field, line.substring(from, to)));
        }
        return (int) value;
    }

    private static int parseInt(String text, Path path, int lineNumber, String field)
            throws IOException {
        return parseDigits(text, 0, text.length(), path, lineNumber, field);
    }

    private static int parseId(String text, Path path, String[] fields) throws IOException {
        try {
            int id = Integer.parseInt(text);
            if (id < 0 || id > 10_000_000) {
                throw new NumberFormatException("out of range");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IOException(
                    String.format(
                            "%s: id '%s' in line '%s' is not a small non-negative integer",
                            path, text, String.join("::", fields)),
                    e);
        }
    }

    static IOException malformed(Path path, int lineNumber, String problem) {
        return new IOException(String.format("%s line %d: %s", path, lineNumber, problem));
    }
}
