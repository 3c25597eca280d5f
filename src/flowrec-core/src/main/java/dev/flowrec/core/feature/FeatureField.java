package dev.flowrec.core.feature;

/** One input field of the model: a name and where its value comes from. */
public record FeatureField(String name, FieldKind kind) {
    public FeatureField {
        if (name == null || name.isBlank() || name.contains(",") || name.contains(":")) {
            throw new IllegalArgumentException(
                    "field name must be non-blank without ',' or ':', got '" + name + "'");
        }
    }

    String canonical() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
