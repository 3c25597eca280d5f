package dev.flowrec.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Entry point for declaring options: key, then type, then default, then constraint and description.
 */
public final class ConfigOptions {
    private ConfigOptions() {}

    public static TypeStage key(String key) {
        if (!key.matches("[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+")) {
            throw new IllegalArgumentException(
                    "Option key '"
                            + key
                            + "' must be lowercase, dotted, with hyphens inside words");
        }
        return new TypeStage(key);
    }

    /** Chooses the value type. */
    public static final class TypeStage {
        private final String key;

        TypeStage(String key) {
            this.key = key;
        }

        public DefaultStage<String> stringType() {
            return stage("String", s -> s, s -> s);
        }

        public DefaultStage<Integer> intType() {
            return stage("Integer", Integer::valueOf, String::valueOf);
        }

        public DefaultStage<Long> longType() {
            return stage("Long", Long::valueOf, String::valueOf);
        }

        public DefaultStage<Double> doubleType() {
            return stage("Double", Double::valueOf, String::valueOf);
        }

        public DefaultStage<Boolean> booleanType() {
            return stage("Boolean", ConfigOptions::parseBoolean, String::valueOf);
        }

        public DefaultStage<Duration> durationType() {
            return stage("Duration", Durations::parse, Durations::format);
        }

        public DefaultStage<MemorySize> memoryType() {
            return stage("MemorySize", MemorySize::parse, MemorySize::toString);
        }

        public DefaultStage<List<String>> stringListType() {
            return stage(
                    "List<String>",
                    s ->
                            Arrays.stream(s.split(";|,"))
                                    .map(String::trim)
                                    .filter(x -> !x.isEmpty())
                                    .toList(),
                    l -> String.join(",", l));
        }

        public DefaultStage<List<Integer>> intListType() {
            return stage(
                    "List<Integer>",
                    s ->
                            Arrays.stream(s.split(";|,"))
                                    .map(String::trim)
                                    .filter(x -> !x.isEmpty())
                                    .map(Integer::valueOf)
                                    .toList(),
                    l -> l.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }

        /** Per-name durations written as {@code click:30s,conversion:2h}. */
        public DefaultStage<Map<String, Duration>> durationMapType() {
            return stage(
                    "Map<String, Duration>",
                    ConfigOptions::parseDurationMap,
                    ConfigOptions::formatDurationMap);
        }

        /** Per-name numbers written as {@code feed/click:0.62,search/conversion:0.55}. */
        public DefaultStage<Map<String, Double>> doubleMapType() {
            return stage(
                    "Map<String, Double>",
                    s -> parseNamedMap(s, v -> Double.valueOf(v.trim())),
                    m -> formatNamedMap(m, String::valueOf));
        }

        public <E extends Enum<E> & DescribedEnum> DefaultStage<E> enumType(Class<E> type) {
            return new DefaultStage<>(
                    key,
                    "Enum",
                    enumParser(type),
                    DescribedEnum::value,
                    Constraint.described(v -> null, "one of " + accepted(type)));
        }

        /** Per-name enum values written as {@code click:es-dfm,conversion:defer}. */
        public <E extends Enum<E> & DescribedEnum> DefaultStage<Map<String, E>> enumMapType(
                Class<E> type) {
            Function<String, E> parser = enumParser(type);
            return new DefaultStage<>(
                    key,
                    "Map<String, Enum>",
                    s -> parseNamedMap(s, parser),
                    m -> formatNamedMap(m, DescribedEnum::value),
                    Constraint.described(
                            v -> null, "name:value pairs, each value one of " + accepted(type)));
        }

        private <T> DefaultStage<T> stage(
                String name, Function<String, T> parser, Function<T, String> formatter) {
            return new DefaultStage<>(key, name, parser, formatter, Constraint.none());
        }
    }

    /** Sets the default (or declares the option required), the constraint and the description. */
    public static final class DefaultStage<T> {
        private final String key;
        private final String typeName;
        private final Function<String, T> parser;
        private final Function<T, String> formatter;
        private T defaultValue;
        private Constraint<? super T> constraint;
        private boolean secret;

        DefaultStage(
                String key,
                String typeName,
                Function<String, T> parser,
                Function<T, String> formatter,
                Constraint<? super T> constraint) {
            this.key = key;
            this.typeName = typeName;
            this.parser = parser;
            this.formatter = formatter;
            this.constraint = constraint;
        }

        public DefaultStage<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        public DefaultStage<T> noDefaultValue() {
            this.defaultValue = null;
            return this;
        }

        public DefaultStage<T> checking(Constraint<? super T> check) {
            this.constraint = check;
            return this;
        }

        public DefaultStage<T> secret() {
            this.secret = true;
            return this;
        }

        public ConfigOption<T> withDescription(String description) {
            ConfigOption<T> option =
                    new ConfigOption<>(
                            key,
                            typeName,
                            parser,
                            formatter,
                            defaultValue,
                            description,
                            constraint,
                            secret);
            if (defaultValue != null) {
                option.check(defaultValue, formatter.apply(defaultValue));
            }
            return option;
        }
    }

    private static Boolean parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static <E extends Enum<E> & DescribedEnum> Function<String, E> enumParser(
            Class<E> type) {
        return s -> {
            for (E e : type.getEnumConstants()) {
                if (e.value().equalsIgnoreCase(s.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException(
                    "unknown value '" + s.trim() + "', expected one of " + accepted(type));
        };
    }

    private static <E extends Enum<E> & DescribedEnum> String accepted(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(DescribedEnum::value)
                .collect(Collectors.joining(", "));
    }

    private static Map<String, Duration> parseDurationMap(String s) {
        return parseNamedMap(s, Durations::parse);
    }

    private static String formatDurationMap(Map<String, Duration> map) {
        return formatNamedMap(map, Durations::format);
    }

    private static <V> Map<String, V> parseNamedMap(String s, Function<String, V> values) {
        Map<String, V> out = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        "expected name:value pairs, got '" + part.trim() + "'");
            }
            out.put(part.substring(0, colon).trim(), values.apply(part.substring(colon + 1)));
        }
        return Map.copyOf(out);
    }

    private static <V> String formatNamedMap(Map<String, V> map, Function<V, String> values) {
        return map.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + values.apply(e.getValue()))
                .collect(Collectors.joining(","));
    }
}
