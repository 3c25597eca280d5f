package dev.flowrec.core.feature;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.events.Impression;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * How an impression becomes model input: an ordered list of fields, each hashed into its own range
 * of {@code hashBuckets} rows of one global embedding table (field i owns rows {@code [i *
 * hashBuckets, (i + 1) * hashBuckets)}; row 0 of each range means "missing"). The scenario field
 * uses the scenario's index instead of a hash so scenarios never collide.
 *
 * <p>Optionally the spec also reads behaviour sequences ({@code Impression.sequences}, e.g. the
 * user's latest clicked and liked items): {@code sequenceLength} most recent items of each named
 * sequence, hashed exactly as the item field hashes item ids, so a sequence item shares its
 * embedding row with the same item seen as an impression's target.
 *
 * <p>The canonical text ({@link #canonical()}) is embedded in every model artifact and its hash
 * ({@link #hash()}) travels in every snapshot manifest, so a serving fleet can refuse a model whose
 * features it cannot build.
 */
public record FeatureSpec(
        List<FeatureField> fields,
        List<String> scenarios,
        int hashBuckets,
        List<String> sequences,
        int sequenceLength) {
    private static final String FORMAT = "flowrec-features-v1";
    private static final int[] NO_SEQUENCE_ROWS = new int[0];

    public FeatureSpec {
        fields = List.copyOf(fields);
        scenarios = List.copyOf(scenarios);
        sequences = List.copyOf(sequences);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a feature spec needs at least one field");
        }
        if (hashBuckets < Math.max(2, scenarios.size() + 1)) {
            throw new IllegalArgumentException(
                    "hashBuckets must exceed the scenario count and be at least 2, got "
                            + hashBuckets);
        }
        if (sequences.isEmpty() ? sequenceLength != 0 : sequenceLength < 1) {
            throw new IllegalArgumentException(
                    "sequenceLength must be at least 1 with sequences and 0 without, got "
                            + sequenceLength
                            + " for sequences "
                            + sequences);
        }
        if (!sequences.isEmpty() && fields.stream().noneMatch(f -> f.kind() == FieldKind.ITEM)) {
            throw new IllegalArgumentException(
                    "behaviour sequences "
                            + sequences
                            + " need an item field to share its "
                            + "embedding rows with");
        }
        if (sequences.stream().distinct().count() != sequences.size()
                || sequences.stream()
                        .anyMatch(n -> n.isBlank() || n.contains(",") || n.contains(";"))) {
            throw new IllegalArgumentException(
                    "sequence names must be distinct, non-blank and free of ',' and ';', got "
                            + sequences);
        }
    }

    /** A spec without behaviour sequences. */
    public FeatureSpec(List<FeatureField> fields, List<String> scenarios, int hashBuckets) {
        this(fields, scenarios, hashBuckets, List.of(), 0);
    }

    /** User, item and scenario, then the named categorical and numeric features. */
    public static FeatureSpec of(
            List<String> scenarios,
            List<String> categorical,
            List<String> numeric,
            int hashBuckets) {
        List<FeatureField> fields = new ArrayList<>();
        fields.add(new FeatureField("user_id", FieldKind.USER));
        fields.add(new FeatureField("item_id", FieldKind.ITEM));
        fields.add(new FeatureField("scenario", FieldKind.SCENARIO));
        categorical.forEach(n -> fields.add(new FeatureField(n, FieldKind.CATEGORICAL)));
        numeric.forEach(n -> fields.add(new FeatureField(n, FieldKind.NUMERIC)));
        return new FeatureSpec(fields, scenarios, hashBuckets);
    }

    /** The same spec reading the latest {@code length} items of each named behaviour sequence. */
    public FeatureSpec withSequences(List<String> names, int length) {
        return new FeatureSpec(fields, scenarios, hashBuckets, names, names.isEmpty() ? 0 : length);
    }

    /** Behaviour sequences per example; 0 when the spec reads none. */
    public int behaviours() {
        return sequences.size();
    }

    public int fieldCount() {
        return fields.size();
    }

    /** Rows of the global embedding table. */
    public int vocabularySize() {
        return fields.size() * hashBuckets;
    }

    /**
     * Global embedding rows of an impression's fields, written into {@code out} from {@code
     * offset}.
     */
    public void encode(Impression impression, int[] out, int offset) {
        for (int i = 0; i < fields.size(); i++) {
            out[offset + i] = i * hashBuckets + localRow(fields.get(i), impression);
        }
    }

    public int[] encode(Impression impression) {
        int[] out = new int[fields.size()];
        encode(impression, out, 0);
        return out;
    }

    /**
     * Embedding rows of an impression's behaviour sequences, {@link #behaviours()} × {@link
     * #sequenceLength()} of them from {@code offset}: per sequence its latest items, oldest first,
     * right-aligned and padded on the left with {@link Batch#PADDING}. A sequence the impression
     * lacks is all padding.
     */
    public void encodeSequences(Impression impression, int[] out, int offset) {
        int item = itemField();
        String itemName = fields.get(item).name();
        for (int b = 0; b < sequences.size(); b++) {
            List<String> items =
                    impression.getSequences().getOrDefault(sequences.get(b), List.of());
            int start = offset + b * sequenceLength;
            int kept = Math.min(items.size(), sequenceLength);
            int pad = sequenceLength - kept;
            for (int l = 0; l < pad; l++) {
                out[start + l] = Batch.PADDING;
            }
            for (int l = 0; l < kept; l++) {
                String id = items.get(items.size() - kept + l);
                out[start + pad + l] =
                        item * hashBuckets + FeatureHashing.bucket(itemName, id, hashBuckets);
            }
        }
    }

    /**
     * {@link #encodeSequences(Impression, int[], int)} into a new array; one shared empty array
     * without sequences.
     */
    public int[] encodeSequences(Impression impression) {
        if (sequences.isEmpty()) {
            return NO_SEQUENCE_ROWS;
        }
        int[] out = new int[behaviours() * sequenceLength];
        encodeSequences(impression, out, 0);
        return out;
    }

    private int itemField() {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).kind() == FieldKind.ITEM) {
                return i;
            }
        }
        throw new IllegalStateException("no item field in " + canonical());
    }

    private int localRow(FeatureField field, Impression impression) {
        String value =
                switch (field.kind()) {
                    case USER -> impression.getUserId();
                    case ITEM -> impression.getItemId();
                    case SCENARIO -> null;
                    case CATEGORICAL -> impression.getCategorical().get(field.name());
                    case NUMERIC -> {
                        Double v = impression.getNumeric().get(field.name());
                        yield v == null ? null : FeatureHashing.numericBucket(v);
                    }
                };
        if (field.kind() == FieldKind.SCENARIO) {
            return 1 + Math.max(-1, scenarios.indexOf(impression.getScenario()));
        }
        return value == null ? 0 : FeatureHashing.bucket(field.name(), value, hashBuckets);
    }

    /**
     * The spec as text: stable, parseable with {@link #parse}. A spec without sequences has the
     * text (and hash) it had before sequences existed.
     */
    public String canonical() {
        StringBuilder sb =
                new StringBuilder(FORMAT)
                        .append(";buckets=")
                        .append(hashBuckets)
                        .append(";scenarios=")
                        .append(String.join(",", scenarios))
                        .append(";fields=");
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(fields.get(i).canonical());
        }
        if (!sequences.isEmpty()) {
            sb.append(";sequences=")
                    .append(String.join(",", sequences))
                    .append(";length=")
                    .append(sequenceLength);
        }
        return sb.toString();
    }

    public static FeatureSpec parse(String canonical) {
        String[] parts = canonical.split(";", -1);
        if ((parts.length != 4 && parts.length != 6) || !parts[0].equals(FORMAT)) {
            throw new IllegalArgumentException(
                    "not a " + FORMAT + " feature spec: '" + canonical + "'");
        }
        int buckets = Integer.parseInt(after(parts[1], "buckets="));
        String scenarioList = after(parts[2], "scenarios=");
        List<String> scenarios =
                scenarioList.isEmpty() ? List.of() : List.of(scenarioList.split(","));
        List<FeatureField> fields = new ArrayList<>();
        for (String f : after(parts[3], "fields=").split(",")) {
            int colon = f.indexOf(':');
            fields.add(
                    new FeatureField(
                            f.substring(colon + 1),
                            FieldKind.valueOf(f.substring(0, colon).toUpperCase(Locale.ROOT))));
        }
        if (parts.length == 4) {
            return new FeatureSpec(fields, scenarios, buckets);
        }
        return new FeatureSpec(
                fields,
                scenarios,
                buckets,
                List.of(after(parts[4], "sequences=").split(",")),
                Integer.parseInt(after(parts[5], "length=")));
    }

    private static String after(String part, String prefix) {
        if (!part.startsWith(prefix)) {
            throw new IllegalArgumentException("expected '" + prefix + "...', got '" + part + "'");
        }
        return part.substring(prefix.length());
    }

    /** First 16 hex digits of the SHA-256 of {@link #canonical()}. */
    public String hash() {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
