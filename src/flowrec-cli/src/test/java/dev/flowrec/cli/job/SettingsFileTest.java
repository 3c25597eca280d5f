package dev.flowrec.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    @TempDir Path dir;

    private Map<String, String> read(String yaml) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, yaml);
        return SettingsFile.read(file);
    }

    @Test
    void nestedFlatListsAndPerTaskMapsBecomeOptions() throws Exception {
        Map<String, String> settings =
                read(
                        """
                        pipeline:
                          job-name: ranking
                        kafka.bootstrap-servers: host:9092
                        labels:
                          scenarios: [feed, search]
                          observation-window:
                            click: 10s
                            conversion: 5min
                        """);

        assertThat(settings)
                .containsEntry("pipeline.job-name", "ranking")
                .containsEntry("kafka.bootstrap-servers", "host:9092")
                .containsEntry("labels.scenarios", "feed,search");
        FlowRecConfig config = FlowRecConfig.of(settings);
        assertThat(config.get(LabelOptions.SCENARIOS)).isEqualTo(List.of("feed", "search"));
        assertThat(config.get(LabelOptions.OBSERVATION_WINDOW))
                .isEqualTo(
                        Map.of(
                                "click",
                                Duration.ofSeconds(10),
                                "conversion",
                                Duration.ofMinutes(5)));
    }

    @Test
    void aFileThatIsNotAMapOfOptionsIsRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> read("- just\n- a list\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("job.yaml");
        assertThatThrownBy(() -> read("pipeline:\n  job-name:\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pipeline.job-name'");
    }
}
