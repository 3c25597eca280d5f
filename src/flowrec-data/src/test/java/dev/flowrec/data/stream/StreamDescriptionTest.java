package dev.flowrec.data.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamDescriptionTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("home"), List.of("click", "buy"));
    private static final Map<String, Duration> OBSERVATION =
            Map.of("click", Duration.ofSeconds(5), "buy", Duration.ofMinutes(1));
    private static final Map<String, Duration> ATTRIBUTION =
            Map.of("click", Duration.ofSeconds(20), "buy", Duration.ofHours(2));

    @Test
    void jobSettingsNameTheSpaceTheFeaturesTheWindowsAndEachTasksPolicy() {
        StreamDescription d =
                new StreamDescription(
                        SPACE,
                        List.of("device"),
                        List.of(),
                        List.of("clicked"),
                        5,
                        OBSERVATION,
                        ATTRIBUTION,
                        false);

        assertThat(d.jobSettings())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "labels.scenarios", "home",
                                "labels.tasks", "click,buy",
                                "labels.observation-window", "buy:1min,click:5s",
                                "labels.attribution-window", "buy:2h,click:20s",
                                "labels.policy", "buy:es-dfm,click:es-dfm",
                                "labels.correction", "buy:es-dfm,click:es-dfm",
                                "model.categorical-features", "device"));
        assertThat(d.sequenceSettings())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("model.sequence-features", "clicked", "model.sequence-length", "5"));
        assertThat(d.labelWindows().observationMillis()).containsExactly(5_000, 60_000);
    }

    @Test
    void otherWindowsKeepEverythingElse() {
        StreamDescription d =
                new StreamDescription(
                        SPACE,
                        List.of(),
                        List.of("price"),
                        List.of(),
                        0,
                        OBSERVATION,
                        ATTRIBUTION,
                        true);
        StreamDescription shorter =
                d.withWindows(
                        Map.of("click", Duration.ofSeconds(1), "buy", Duration.ofSeconds(2)),
                        Map.of("click", Duration.ofSeconds(3), "buy", Duration.ofSeconds(4)));

        assertThat(shorter.labelWindows().attributionMillis()).containsExactly(3_000, 4_000);
        assertThat(shorter.numericFeatures()).containsExactly("price");
        assertThat(shorter.knowsTrueProbabilities()).isTrue();
        assertThat(shorter.sequenceSettings()).isEmpty();
    }

    @Test
    void aTaskWithoutWindowsOrASequenceWithoutLengthIsRefused() {
        assertThatThrownBy(
                        () ->
                                new StreamDescription(
                                        SPACE,
                                        List.of(),
                                        List.of(),
                                        List.of(),
                                        0,
                                        Map.of("click", Duration.ofSeconds(1)),
                                        ATTRIBUTION,
                                        false))
                .hasMessageContaining("no window for task 'buy'");
        assertThatThrownBy(
                        () ->
                                new StreamDescription(
                                        SPACE,
                                        List.of(),
                                        List.of(),
                                        List.of("clicked"),
                                        0,
                                        OBSERVATION,
                                        ATTRIBUTION,
                                        false))
                .hasMessageContaining("sequenceLength must be at least 1 with sequences");
    }
}
