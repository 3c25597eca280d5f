package dev.flowrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.Test;

/**
 * The scrape config finds the pods the manifests create, on a port they declare. Prometheus itself
 * never reads it here: its relabelling is checked only for the keep rules on the pod's app label
 * and container port name, the two that pick targets.
 */
class ScrapeConfigTest {
    private static final String APP_LABEL = "__meta_kubernetes_pod_label_app";
    private static final String PORT_NAME = "__meta_kubernetes_pod_container_port_name";

    static JsonNode config() throws IOException {
        return new YAMLMapper().readTree(Manifests.SCRAPE_CONFIG.toFile());
    }

    static Set<String> jobNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        config().path("scrape_configs").forEach(j -> names.add(j.path("job_name").asText()));
        return names;
    }

    @Test
    void flinkPodsAreScrapedOnThePrometheusReportersPort() throws IOException {
        JsonNode job = scrapeJob("flowrec-flink");
        for (String file : List.of("flink-deployment.yaml", "flink-deployment-gpu.yaml")) {
            FlinkDeployment flink = (FlinkDeployment) Manifests.of(file).get(0);
            // Native mode labels the JobManager and TaskManager pods app=<FlinkDeployment name>.
            assertThat(flink.getMetadata().getName()).as(file).matches(keepRegex(job, APP_LABEL));
            assertThat(namespaces(job)).as(file).contains(flink.getMetadata().getNamespace());
            Container main =
                    flink.getSpec().getPodTemplate().getSpec().getContainers().stream()
                            .filter(c -> c.getName().equals("flink-main-container"))
                            .findFirst()
                            .orElseThrow();
            ContainerPort port = portNamed(main, keepRegex(job, PORT_NAME)).orElseThrow();
            String reporterPort =
                    flink.getSpec().getFlinkConfiguration().get("metrics.reporter.prom.port");
            assertThat(String.valueOf(port.getContainerPort())).as(file).isEqualTo(reporterPort);
            assertThat(flink.getSpec().getFlinkConfiguration())
                    .containsEntry(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        }
    }

    @Test
    void servingPodsAreScrapedOnTheirHttpPort() throws IOException {
        JsonNode job = scrapeJob("flowrec-serving");
        Deployment serving =
                Manifests.of("serving.yaml").stream()
                        .filter(Deployment.class::isInstance)
                        .map(Deployment.class::cast)
                        .findFirst()
                        .orElseThrow();
        assertThat(serving.getSpec().getTemplate().getMetadata().getLabels().get("app"))
                .matches(keepRegex(job, APP_LABEL));
        assertThat(namespaces(job)).contains(serving.getMetadata().getNamespace());
        Container container = serving.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(portNamed(container, keepRegex(job, PORT_NAME))).isPresent();
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
    }

    @Test
    void aScrapeJobWhosePortNoPodDeclaresIsCaught() {
        Container container = new Container();
        container.setPorts(List.of(new ContainerPort(9249, null, null, "metrics", "TCP")));
        assertThat(portNamed(container, "metric")).isEmpty();
        assertThat(portNamed(container, "metrics")).isPresent();
    }

    private static JsonNode scrapeJob(String name) throws IOException {
        for (JsonNode job : config().path("scrape_configs")) {
            if (job.path("job_name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no scrape job " + name);
    }

    private static String keepRegex(JsonNode job, String sourceLabel) {
        for (JsonNode rule : job.path("relabel_configs")) {
            if (rule.path("action").asText().equals("keep")
                    && rule.path("source_labels").size() == 1
                    && rule.path("source_labels").get(0).asText().equals(sourceLabel)) {
                return rule.path("regex").asText();
            }
        }
        throw new AssertionError(job.path("job_name") + " keeps no target by " + sourceLabel);
    }

    private static Set<String> namespaces(JsonNode job) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode sd : job.path("kubernetes_sd_configs")) {
            assertThat(sd.path("role").asText()).isEqualTo("pod");
            sd.path("namespaces").path("names").forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    // Prometheus anchors relabel regexes at both ends, as String.matches does.
    private static Optional<ContainerPort> portNamed(Container container, String regex) {
        return Stream.ofNullable(container.getPorts())
                .flatMap(List::stream)
                .filter(p -> p.getName() != null && p.getName().matches(regex))
                .findFirst();
    }
}
