package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreCompatibilityTest {

    private static final Map<String, String> TRAINED =
            Map.of(
                    "labels.scenarios", "feed,search",
                    "labels.tasks", "click,conversion",
                    "model.categorical-features", "user_id,item_id",
                    "model.hash-buckets", "1024");

    private static ModelSettings settings(Map<String, String> more) {
        return ModelSettings.from(FlowRecConfig.of(TRAINED).with(more));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    labels.scenarios           | search,feed     | restored [feed, search]
                    labels.tasks               | click           | 'labels.tasks'
                    model.hash-buckets         | 2048            | restored 1024, configured 2048
                    model.categorical-features | item_id,user_id | 'model.numeric-features'
                    model.type                 | mmoe            | restored autoifs, configured mmoe
                    """)
    void aChangeThatMisalignsTheModelsInputsIsRefusedNamingTheOption(
            String key, String value, String named) {
        ModelSettings restored = settings(Map.of());
        ModelSettings configured = settings(Map.of(key, value));

        assertThatThrownBy(() -> RestoreCompatibility.check(restored, configured))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(named);
    }

    @Test
    void changesTheRestoredModelDoesNotDependOnGoOn() {
        ModelSettings restored = settings(Map.of());
        ModelSettings configured =
                settings(Map.of("model.learning-rate", "0.5", "model.embedding-dim", "32"));

        assertThat(RestoreCompatibility.conflicts(restored, configured)).isEmpty();
    }
}
