package dev.flowrec.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates {@code docs/configuration.md} from the option declarations, so the reference can never
 * drift from the code. {@code ConfigurationDocsTest} fails when the committed file is stale; run
 * {@code ./mvnw -q -pl src/flowrec-core exec:java} (or this class's main with the output path) to
 * regenerate it.
 */
public final class ConfigurationDocs {
    private ConfigurationDocs() {}

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# FlowRec configuration reference\n\n")
                .append(
                        "Generated from the option declarations in `dev.flowrec.core.config` by"
                                + " `ConfigurationDocs`; ")
                .append(
                        "do not edit by hand. Every option can be given to the job as `--key"
                                + " value`. ")
                .append("Keys under `")
                .append(KafkaOptions.CLIENT_PREFIX)
                .append(
                        "` are passed to every Kafka client with the prefix removed (SASL/SSL"
                                + " settings).\n");
        for (Class<?> type : FlowRecConfig.OPTION_CLASSES) {
            md.append("\n## ")
                    .append(type.getSimpleName())
                    .append("\n\n")
                    .append("| key | type | default | accepted | description |\n")
                    .append("|---|---|---|---|---|\n");
            for (ConfigOption<?> option : FlowRecConfig.optionsOf(type)) {
                md.append("| `")
                        .append(option.key())
                        .append("` | ")
                        .append(option.typeName())
                        .append(" | ")
                        .append(defaultText(option))
                        .append(" | ")
                        .append(escape(option.constraint().toString()))
                        .append(" | ")
                        .append(escape(option.description()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static <T> String defaultText(ConfigOption<T> option) {
        if (option.isSecret()) {
            return "(none)";
        }
        return option.defaultValue().map(v -> "`" + option.format(v) + "`").orElse("(none)");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }
}
