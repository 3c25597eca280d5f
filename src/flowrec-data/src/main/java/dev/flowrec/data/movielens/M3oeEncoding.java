package dev.flowrec.data.movielens;

/**
 * The features M3oE's reference code builds for MovieLens-1M: seven categorical fields ({@code
 * user_id, movie_id, gender, occupation, zip, cate_id, domain_indicator}), label-encoded over all
 * ratings with no OOV slot (13,229 rows), and {@code age} as one real value, min-max scaled over
 * all ratings ({@code (age − 1) / (56 − 1)} on ML-1M). Built on the {@link MovieLensVocabulary}:
 * each field keeps its values and their order, only the OOV rows are dropped and age leaves the
 * table, so no value is ever looked up twice.
 */
public final class M3oeEncoding implements RatingEncoding {
    /** Vocabulary fields in M3oE's order (the reference's sparse feature list). */
    private static final int[] FIELDS = {
        MovieLensVocabulary.USER_ID,
        MovieLensVocabulary.MOVIE_ID,
        MovieLensVocabulary.GENDER,
        MovieLensVocabulary.OCCUPATION,
        MovieLensVocabulary.ZIP,
        MovieLensVocabulary.CATE_ID,
        MovieLensVocabulary.DOMAIN_INDICATOR
    };

    private final MovieLens1m data;
    private final MovieLensVocabulary vocabulary;

    /** Added to a vocabulary row of field FIELDS[i] to get this encoding's row. */
    private final int[] shift = new int[FIELDS.length];

    private final int size;
    private final float minAge;
    private final float ageRange;
    private final int[] scratch;

    private M3oeEncoding(MovieLens1m data, MovieLensVocabulary vocabulary) {
        this.data = data;
        this.vocabulary = vocabulary;
        int next = 0;
        for (int i = 0; i < FIELDS.length; i++) {
            shift[i] = next - vocabulary.offset(FIELDS[i]);
            next += vocabulary.valueCount(FIELDS[i]);
        }
        this.size = next;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int row = 0; row < data.rowCount(); row++) {
            min = Math.min(min, data.age(row));
            max = Math.max(max, data.age(row));
        }
        this.minAge = min;
        // One age only would divide by zero; the reference's scaler maps that case to 0 as well.
        this.ageRange = max > min ? max - min : 1f;
        this.scratch = new int[vocabulary.fieldCount()];
    }

    /** The encoding of {@code data}, over its {@link MovieLensVocabulary}. */
    public static M3oeEncoding of(MovieLens1m data, MovieLensVocabulary vocabulary) {
        return new M3oeEncoding(data, vocabulary);
    }

    @Override
    public int fieldCount() {
        return FIELDS.length;
    }

    /** 13,229 on MovieLens-1M. */
    @Override
    public int size() {
        return size;
    }

    @Override
    public int denseWidth() {
        return 1;
    }

    /** Not thread-safe: reuses one scratch array. */
    @Override
    public void encode(int row, int[] out, int at) {
        vocabulary.encode(row, scratch, 0);
        for (int i = 0; i < FIELDS.length; i++) {
            int global = scratch[FIELDS[i]];
            if (global == vocabulary.oovRow(FIELDS[i])) {
                throw new IllegalStateException(
                        "rating "
                                + row
                                + " has a value of "
                                + MovieLensVocabulary.FIELDS.get(FIELDS[i])
                                + " outside the vocabulary built from the same data");
            }
            out[at + i] = global + shift[i];
        }
    }

    @Override
    public void dense(int row, float[] out, int at) {
        out[at] = (data.age(row) - minAge) / ageRange;
    }
}
