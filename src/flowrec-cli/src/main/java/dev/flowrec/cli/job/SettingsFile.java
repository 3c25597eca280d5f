package dev.flowrec.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.ConfigOption;
import dev.flowrec.core.config.FlowRecConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A YAML file of FlowRec options, with the keys of docs/configuration.md: flat ({@code
 * kafka.bootstrap-servers: host:9092}) or nested ({@code kafka: {bootstrap-servers: host:9092}}),
 * lists as YAML sequences or comma-separated strings, and per-task maps (such as {@code
 * labels.observation-window}) as YAML maps or {@code task:value} strings.
 */
final class SettingsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> OPTION_KEYS =
            FlowRecConfig.declaredOptions().stream()
                    .map(ConfigOption::key)
                    .collect(Collectors.toUnmodifiableSet());

    private SettingsFile() {}

    /**
     * @throws ConfigException naming the file when it is not a YAML map of options
     */
    static Map<String, String> read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new ConfigException(
                    "The configuration file " + file + " must be a YAML map of FlowRec options");
        }
        Map<String, String> out = new TreeMap<>();
        flatten("", root, out, file);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() && OPTION_KEYS.contains(key)) {
                List<String> entries = new ArrayList<>();
                value.fields()
                        .forEachRemaining(
                                t -> entries.add(t.getKey() + ":" + t.getValue().asText()));
                out.put(key, String.join(",", entries));
            } else if (value.isObject()) {
                flatten(key, value, out, file);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(v -> items.add(v.asText()));
                out.put(key, String.join(",", items));
            } else if (value.isNull()) {
                throw new ConfigException(
                        "Configuration key '" + key + "' in " + file + " has no value");
            } else {
                out.put(key, value.asText());
            }
        }
    }
}
