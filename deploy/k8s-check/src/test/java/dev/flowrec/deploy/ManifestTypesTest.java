package dev.flowrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowrec.deploy.TypedManifests.ManifestRejected;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestTypesTest {

    static java.util.List<Path> resourceFiles() {
        return Manifests.resourceFiles();
    }

    @ParameterizedTest
    @MethodSource("resourceFiles")
    void everyDocumentReadsIntoItsTypedClassWithNoUnknownField(Path file) {
        assertThat(TypedManifests.read(file)).isNotEmpty();
    }

    @Test
    void theManifestsHoldEveryKindTheProductionPathNeeds() {
        var kinds =
                Manifests.all().stream()
                        .map(r -> r.getClass().getSimpleName())
                        .collect(Collectors.toSet());
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "FlinkDeployment",
                        "KafkaTopic",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget");
    }

    private static final String DEPLOYMENT_WITH_TYPO =
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: typo}
            spec:
              selector: {matchLabels: {app: typo}}
              template:
                metadata: {labels: {app: typo}}
                spec:
                  containers:
                    - name: serving
                      image: serving
                      readinesProbe:
                        httpGet: {path: /readyz, port: 8080}
            """;

    @Test
    void aMisspelledFieldInAKubernetesResourceIsRefused() {
        assertThatThrownBy(() -> TypedManifests.readAll(DEPLOYMENT_WITH_TYPO, "inline"))
                .isInstanceOf(ManifestRejected.class)
                .hasMessageContaining("readinesProbe")
                .hasMessageContaining("inline document 0 (apps/v1 Deployment)");
    }

    @Test
    void withoutTheStrictReaderFabric8WouldSwallowTheMisspelledField() throws Exception {
        // Why TypedManifests removes the any-setters: Jackson's own switch lets this through.
        var plain =
                YAMLMapper.builder()
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .build();
        Deployment read = plain.readValue(DEPLOYMENT_WITH_TYPO, Deployment.class);
        var container = read.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(container.getAdditionalProperties()).containsKey("readinesProbe");
    }

    @Test
    void aMisspelledFieldInAFlinkDeploymentIsRefused() {
        String yaml =
                """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: typo}
                spec:
                  flinkVersion: v2_2
                  job: {jarURI: "local:///job.jar", upgradMode: savepoint}
                """;
        assertThatThrownBy(() -> TypedManifests.readAll(yaml, "inline"))
                .isInstanceOf(ManifestRejected.class)
                .hasMessageContaining("upgradMode");
    }

    @Test
    void aMisspelledFieldInAFlinkDeploymentsPodTemplateIsRefused() {
        String yaml =
                """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: typo}
                spec:
                  taskManager:
                    podTemplate:
                      spec:
                        containers:
                          - name: flink-main-container
                            resources: {limit: {nvidia.com/gpu: 1}}
                """;
        assertThatThrownBy(() -> TypedManifests.readAll(yaml, "inline"))
                .isInstanceOf(ManifestRejected.class)
                .hasMessageContaining("\"limit\"");
    }

    @Test
    void anUnknownFlinkVersionIsRefused() {
        String yaml =
                """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: typo}
                spec: {flinkVersion: v2_9}
                """;
        assertThatThrownBy(() -> TypedManifests.readAll(yaml, "inline"))
                .isInstanceOf(ManifestRejected.class)
                .hasMessageContaining("v2_9");
    }

    @Test
    void aMisspelledFieldInAKafkaTopicIsRefused() {
        String yaml =
                """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: typo, labels: {strimzi.io/cluster: c}}
                spec: {partition: 4, replicas: 3}
                """;
        assertThatThrownBy(() -> TypedManifests.readAll(yaml, "inline"))
                .isInstanceOf(ManifestRejected.class)
                .hasMessageContaining("partition");
    }

    @Test
    void aKindWithNoTypedClassIsRefused() {
        String yaml =
                """
                apiVersion: kafka.strimzi.io/v1beta1
                kind: KafkaTopic
                metadata: {name: old}
                spec: {partitions: 4}
                """;
        assertThatThrownBy(() -> TypedManifests.readAll(yaml, "inline"))
                .isInstanceOf(ManifestRejected.class)
                .hasMessageContaining("no typed class for 'kafka.strimzi.io/v1beta1 KafkaTopic'");
    }

    @Test
    void aCorrectInlineManifestIsAccepted() {
        // The other half of the typo tests: the same Deployment spelled right reads.
        String yaml = DEPLOYMENT_WITH_TYPO.replace("readinesProbe", "readinessProbe");
        assertThatCode(() -> TypedManifests.readAll(yaml, "inline")).doesNotThrowAnyException();
    }
}
