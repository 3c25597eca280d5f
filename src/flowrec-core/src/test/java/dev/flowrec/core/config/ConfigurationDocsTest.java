package dev.flowrec.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Guards docs/configuration.md: it must be exactly what the declarations generate. */
class ConfigurationDocsTest {
    private static final Path DOCS = Path.of("../../docs/configuration.md");

    @Test
    void committedReferenceMatchesTheDeclarations() throws Exception {
        String expected = ConfigurationDocs.render();
        if (Boolean.getBoolean("flowrec.regenerate-docs")) {
            Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOCS))
                .as(
                        "docs/configuration.md is missing; regenerate with: ./mvnw -pl"
                                + " src/flowrec-core test -Dtest=ConfigurationDocsTest"
                                + " -Dflowrec.regenerate-docs=true")
                .isTrue();
        String actual = Files.readString(DOCS, StandardCharsets.UTF_8);
        for (ConfigOption<?> option : FlowRecConfig.declaredOptions()) {
            assertThat(actual)
                    .as(
                            "docs/configuration.md lacks or has a stale entry for '%s'; regenerate"
                                + " with: ./mvnw -pl src/flowrec-core test"
                                + " -Dtest=ConfigurationDocsTest -Dflowrec.regenerate-docs=true",
                            option.key())
                    .contains("| `" + option.key() + "` |");
        }
        assertThat(actual)
                .as(
                        "docs/configuration.md is stale; regenerate with: ./mvnw -pl"
                                + " src/flowrec-core test -Dtest=ConfigurationDocsTest"
                                + " -Dflowrec.regenerate-docs=true")
                .isEqualTo(expected);
    }
}
