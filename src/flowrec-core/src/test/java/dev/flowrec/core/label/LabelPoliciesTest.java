package dev.flowrec.core.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LossCorrection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelPoliciesTest {

    @Test
    void readsEachTasksPolicyAndCorrectionFromConfiguration() {
        LabelPolicies p =
                LabelPolicies.from(
                        FlowRecConfig.of(
                                Map.of(
                                        "labels.policy", "click:vanilla, conversion:fake-negative",
                                        "labels.correction", "conversion:fnc")));
        assertThat(p.policy(0)).isEqualTo(EmissionPolicy.VANILLA);
        assertThat(p.correction(0)).as("a task not named gets none").isEqualTo(LossCorrection.NONE);
        assertThat(p.policy(1)).isEqualTo(EmissionPolicy.FAKE_NEGATIVE);
        assertThat(p.correction(1)).isEqualTo(LossCorrection.FNC);
        assertThat(p.needsDelayModel()).isFalse();
    }

    @Test
    void theDefaultIsEsDfmWithItsCorrectionForEveryTask() {
        LabelPolicies p = LabelPolicies.from(FlowRecConfig.defaults());
        assertThat(p.policies()).containsOnly(EmissionPolicy.ES_DFM);
        assertThat(p.needsDelayModel()).isTrue();
    }

    @Test
    void anUnknownPolicyNamesTheKeyAndTheAcceptedValues() {
        assertThatThrownBy(
                        () ->
                                FlowRecConfig.of(
                                        Map.of("labels.policy", "click:eager,conversion:wait")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'labels.policy'")
                .hasMessageContaining("fake-negative");
    }

    @Test
    void aCorrectionForAnotherPolicyIsRefusedNamingTheKey() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "labels.policy",
                                "click:es-dfm,conversion:vanilla",
                                "labels.correction",
                                "conversion:fnw"));
        assertThatThrownBy(() -> LabelPolicies.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'labels.correction'")
                .hasMessageContaining("'fnw'")
                .hasMessageContaining("'vanilla'");
    }

    @Test
    void aTaskWithoutPolicyOrAnUnknownTaskIsRefused() {
        assertThatThrownBy(
                        () ->
                                LabelPolicies.from(
                                        FlowRecConfig.of(
                                                Map.of(
                                                        "labels.policy",
                                                        "click:wait",
                                                        "labels.correction",
                                                        "click:none"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no policy for task 'conversion'");
        assertThatThrownBy(
                        () ->
                                LabelPolicies.from(
                                        FlowRecConfig.of(Map.of("labels.correction", "view:none"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("names task 'view'");
    }
}
