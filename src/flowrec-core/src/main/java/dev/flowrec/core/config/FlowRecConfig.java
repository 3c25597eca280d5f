package dev.flowrec.core.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An immutable, validated set of FlowRec settings. {@link #of(Map)} parses and checks every
 * declared option that is present, and every required one, before anything starts, so a bad key or
 * value fails at start with a message naming it.
 */
public final class FlowRecConfig {
    /** Every options class whose {@code public static final ConfigOption} fields FlowRec reads. */
    public static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    KafkaOptions.class,
                    LabelOptions.class,
                    ModelOptions.class,
                    SnapshotOptions.class,
                    PipelineOptions.class);

    private static final List<String> PREFIXES =
            List.of("kafka.", "labels.", "model.", "snapshots.", "pipeline.");

    private final Map<String, String> raw;
    private final Map<String, Object> parsed;

    private FlowRecConfig(Map<String, String> raw, Map<String, Object> parsed) {
        this.raw = raw;
        this.parsed = parsed;
    }

    /** Parses and validates; throws {@link ConfigException} naming the first bad or missing key. */
    public static FlowRecConfig of(Map<String, String> settings) {
        Map<String, String> raw = new TreeMap<>(settings);
        Map<String, Object> parsed = new TreeMap<>();
        for (ConfigOption<?> option : declaredOptions()) {
            String value = raw.get(option.key());
            if (value != null) {
                parsed.put(option.key(), option.parse(value));
            } else if (option.hasDefault()) {
                parsed.put(option.key(), option.defaultValue().orElseThrow());
            }
        }
        return new FlowRecConfig(
                Collections.unmodifiableMap(raw), Collections.unmodifiableMap(parsed));
    }

    public static FlowRecConfig defaults() {
        return of(Map.of());
    }

    /** The value, or the option's default; fails naming the key when a required option is unset. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        Object value = parsed.get(option.key());
        if (value == null) {
            throw ConfigException.missing(option);
        }
        return (T) value;
    }

    /** The value if set or defaulted; empty for an unset option without default. */
    @SuppressWarnings("unchecked")
    public <T> java.util.Optional<T> getOptional(ConfigOption<T> option) {
        return java.util.Optional.ofNullable((T) parsed.get(option.key()));
    }

    public boolean contains(ConfigOption<?> option) {
        return raw.containsKey(option.key());
    }

    /** A copy with more settings; the result is validated like {@link #of}. */
    public FlowRecConfig with(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(raw);
        merged.putAll(more);
        return of(merged);
    }

    public <T> FlowRecConfig with(ConfigOption<T> option, T value) {
        return with(Map.of(option.key(), option.format(value)));
    }

    /** The settings as given, for shipping to another process. */
    public Map<String, String> toMap() {
        return raw;
    }

    /** Keys under FlowRec's prefixes that no option declares: usually typos. */
    public List<String> unknownKeys() {
        List<String> known = declaredOptions().stream().map(ConfigOption::key).toList();
        List<String> unknown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (PREFIXES.stream().anyMatch(key::startsWith)
                    && !key.startsWith(KafkaOptions.CLIENT_PREFIX)
                    && !known.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** Every effective value sorted by key, secrets hidden: for the start-up log and manifests. */
    public Map<String, String> effective() {
        Map<String, String> out = new TreeMap<>();
        for (ConfigOption<?> option : declaredOptions()) {
            Object value = parsed.get(option.key());
            if (value != null) {
                out.put(option.key(), option.isSecret() ? "(hidden)" : format(option, value));
            }
        }
        return out;
    }

    /** The effective values whose keys start with a prefix, e.g. {@code model.}. */
    public Map<String, String> effective(String prefix) {
        return effective().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @SuppressWarnings("unchecked")
    private static <T> String format(ConfigOption<T> option, Object value) {
        return option.format((T) value);
    }

    /** All declared options, in declaration order per class. */
    public static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Class<?> type : OPTION_CLASSES) {
            out.addAll(optionsOf(type));
        }
        return out;
    }

    static List<ConfigOption<?>> optionsOf(Class<?> type) {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    out.add((ConfigOption<?>) Objects.requireNonNull(f.get(null)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot read option field " + f, e);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return effective().toString();
    }
}
