package dev.flowrec.core.feature;

import dev.flowrec.events.Impression;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * How an impression becomes model input: an ordered list of fields, each hashed into its own
 * range of {@code hashBuckets} rows of one global embedding table (field i owns rows
 * {@code [i * hashBuckets, (i + 1) * hashBuckets)}; row 0 of each range means "missing"). The
 * scenario field uses the scenario's index instead of a hash so scenarios never collide.
 *
 * <p>The canonical text ({@link #canonical()}) is embedded in every model artifact and its hash
 * ({@link #hash()}) travels in every snapshot manifest, so a serving fleet can refuse a model whose
 * features it cannot build.
 */
public record FeatureSpec(List<FeatureField> fields, List<String> scenarios, int hashBuckets) {
    private static final String FORMAT = "flowrec-features-v1";

    public FeatureSpec {
        fields = List.copyOf(fields);
        scenarios = List.copyOf(scenarios);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a feature spec needs at least one field");
        }
        if (hashBuckets < Math.max(2, scenarios.size() + 1)) {
            throw new IllegalArgumentException("hashBuckets must exceed the scenario count and be at least 2, got " + hashBuckets);
        }
    }

    /** User, item and scenario, then the named categorical and numeric features. */
    public static FeatureSpec of(List<String> scenarios, List<String> categorical, List<String> numeric, int hashBuckets) {
        List<FeatureField> fields = new ArrayList<>();
        fields.add(new FeatureField("user_id", FieldKind.USER));
        fields.add(new FeatureField("item_id", FieldKind.ITEM));
        fields.add(new FeatureField("scenario", FieldKind.SCENARIO));
        categorical.forEach(n -> fields.add(new FeatureField(n, FieldKind.CATEGORICAL)));
        numeric.forEach(n -> fields.add(new FeatureField(n, FieldKind.NUMERIC)));
        return new FeatureSpec(fields, scenarios, hashBuckets);
    }

    public int fieldCount() {
        return fields.size();
    }

    /** Rows of the global embedding table. */
    public int vocabularySize() {
        return fields.size() * hashBuckets;
    }

    /** Global embedding rows of an impression's fields, written into {@code out} from {@code offset}. */
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

    private int localRow(FeatureField field, Impression impression) {
        String value = switch (field.kind()) {
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

    /** The spec as text: stable, parseable with {@link #parse}. */
    public String canonical() {
        StringBuilder sb = new StringBuilder(FORMAT).append(";buckets=").append(hashBuckets)
                .append(";scenarios=").append(String.join(",", scenarios)).append(";fields=");
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(fields.get(i).canonical());
        }
        return sb.toString();
    }

    public static FeatureSpec parse(String canonical) {
        String[] parts = canonical.split(";", -1);
        if (parts.length != 4 || !parts[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not a " + FORMAT + " feature spec: '" + canonical + "'");
        }
        int buckets = Integer.parseInt(after(parts[1], "buckets="));
        String scenarioList = after(parts[2], "scenarios=");
        List<String> scenarios = scenarioList.isEmpty() ? List.of() : List.of(scenarioList.split(","));
        List<FeatureField> fields = new ArrayList<>();
        for (String f : after(parts[3], "fields=").split(",")) {
            int colon = f.indexOf(':');
            fields.add(new FeatureField(f.substring(colon + 1),
                    FieldKind.valueOf(f.substring(0, colon).toUpperCase(Locale.ROOT))));
        }
        return new FeatureSpec(fields, scenarios, buckets);
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
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
