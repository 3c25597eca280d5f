package dev.flowrec.data.movielens;

/**
 * How a rating row becomes model input: embedding rows for each field and, for encodings that have
 * them, real values ({@code Batch.dense}). {@link MovieLensVocabulary} is the AutoIFS encoding (8
 * fields, no dense values); {@link M3oeEncoding} the M3oE reference's (7 fields, age as one dense
 * value).
 */
public interface RatingEncoding {
    /** Fields, i.e. embedding rows per rating. */
    int fieldCount();

    /** Rows of the global embedding table. */
    int size();

    /** Real values per rating; 0 for none. */
    int denseWidth();

    /** Writes rating {@code row}'s embedding rows into {@code out[at..at+fieldCount)}. */
    void encode(int row, int[] out, int at);

    /** Writes rating {@code row}'s real values into {@code out[at..at+denseWidth)}. */
    void dense(int row, float[] out, int at);
}
