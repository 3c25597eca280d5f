package dev.flowrec.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobIdentityTest {

    @Test
    void everyNameFollowsTheJobName() {
        JobIdentity identity =
                JobIdentity.of(FlowRecConfig.of(Map.of("pipeline.job-name", "ranking-eu")));

        assertThat(identity)
                .isEqualTo(new JobIdentity("ranking-eu", "ranking-eu", "ranking-eu", "ranking-eu"));
    }

    @Test
    void aNameSetOnItsOwnWins() {
        JobIdentity identity =
                JobIdentity.of(
                        FlowRecConfig.of(
                                Map.of(
                                        "pipeline.job-name", "ranking-eu",
                                        "kafka.group-id", "g",
                                        "kafka.transactional-id-prefix", "tx",
                                        "model.id", "ctr")));

        assertThat(identity).isEqualTo(new JobIdentity("ranking-eu", "g", "tx", "ctr"));
    }

    @Test
    void twoJobsWithDefaultsCannotStart() {
        assertThatThrownBy(() -> JobIdentity.of(FlowRecConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pipeline.job-name'");
    }

    @Test
    void aModelIdNeedsOneOfItsTwoKeys() {
        assertThat(JobIdentity.modelId(FlowRecConfig.of(Map.of("model.id", "ctr"))))
                .isEqualTo("ctr");
        assertThatThrownBy(() -> JobIdentity.modelId(FlowRecConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'model.id'")
                .hasMessageContaining("'pipeline.job-name'");
    }

    @Test
    void aNameKafkaAndFileSystemsCannotTakeIsRefused() {
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("pipeline.job-name", "a b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pipeline.job-name'");
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("kafka.group-id", "-x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.group-id'");
    }
}
