package dev.flowrec.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed configuration setting: key, type, default, description and the constraint its value must
 * satisfy. Declared as {@code public static final} fields of an {@code *Options} class and built
 * with {@link ConfigOptions#key(String)}, in the style of Flink's {@code ConfigOption} plus the
 * validator slot that Kafka's {@code ConfigDef} has and Flink's lacks.
 *
 * <pre>{@code
 * public static final ConfigOption<Integer> BATCH_SIZE =
 *     ConfigOptions.key("model.batch-size").intType().defaultValue(256)
 *         .checking(Constraint.atLeast(1)).withDescription("Examples per training step.");
 * }</pre>
 */
public final class ConfigOption<T> {
    private final String key;
    private final String typeName;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final T defaultValue;
    private final String description;
    private final Constraint<? super T> constraint;
    private final boolean secret;

    ConfigOption(
            String key,
            String typeName,
            Function<String, T> parser,
            Function<T, String> formatter,
            T defaultValue,
            String description,
            Constraint<? super T> constraint,
            boolean secret) {
        this.key = Objects.requireNonNull(key, "key");
        this.typeName = typeName;
        this.parser = parser;
        this.formatter = formatter;
        this.defaultValue = defaultValue;
        this.description = description;
        this.constraint = constraint;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    /** Human-readable type, as shown in the generated reference. */
    public String typeName() {
        return typeName;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    public String description() {
        return description;
    }

    public Constraint<? super T> constraint() {
        return constraint;
    }

    /** Secrets are never echoed in messages or logs. */
    public boolean isSecret() {
        return secret;
    }

    /** Parses and checks a raw value; the exception names this option's key. */
    public T parse(String raw) {
        T value;
        try {
            value = parser.apply(raw.trim());
        } catch (RuntimeException e) {
            // A parser's message may quote the value, which must not leak for a secret.
            throw ConfigException.invalid(
                    this,
                    raw,
                    "cannot be parsed as " + typeName + (secret ? "" : ": " + e.getMessage()));
        }
        check(value, raw);
        return value;
    }

    void check(T value, String raw) {
        String problem = constraint.violation(value);
        if (problem != null) {
            throw ConfigException.invalid(this, raw, problem);
        }
    }

    /** The value as it would be written in a configuration file. */
    public String format(T value) {
        return formatter.apply(value);
    }

    ConfigOption<T> with(
            T newDefault,
            String newDescription,
            Constraint<? super T> newConstraint,
            boolean newSecret) {
        return new ConfigOption<>(
                key,
                typeName,
                parser,
                formatter,
                newDefault,
                newDescription,
                newConstraint,
                newSecret);
    }

    @Override
    public String toString() {
        return key;
    }
}
