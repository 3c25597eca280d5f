package dev.flowrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What FlowRec needs of its deployment, read from the typed manifests. */
class ProductionSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"flink-deployment.yaml", "flink-deployment-gpu.yaml"})
    void theJobKeepsItsStateAcrossUpgradesAndFailures(String file) {
        FlinkDeployment flink = flink(file);
        Map<String, String> conf = flink.getSpec().getFlinkConfiguration();
        Map<String, String> args = args(flink);
        assertThat(flink.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(flink.getSpec().getJob().getEntryClass())
                .isEqualTo("dev.flowrec.job.FlowRecJob");
        assertThat(conf)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsKey("execution.checkpointing.savepoint-dir")
                .containsKey("high-availability.storageDir");
        // The job's own checkpoint settings and the cluster's (which the operator reads) agree.
        assertThat(conf.get("execution.checkpointing.dir"))
                .isEqualTo(args.get("pipeline.checkpoint-dir"))
                .startsWith("s3://");
        assertThat(conf.get("execution.checkpointing.interval"))
                .isEqualTo(args.get("pipeline.checkpoint-interval"));
        assertThat(conf.get("execution.checkpointing.timeout"))
                .isEqualTo(args.get("pipeline.checkpoint-timeout"));
        assertThat(args).containsKeys("pipeline.job-name", "kafka.bootstrap-servers");
        // An open Kafka transaction must outlive a checkpoint interval plus a checkpoint timeout.
        Duration transaction =
                Duration.ofMillis(Long.parseLong(args.get("kafka.client.transaction.timeout.ms")));
        Duration checkpointCycle =
                TimeUtils.parseDuration(args.get("pipeline.checkpoint-interval"))
                        .plus(TimeUtils.parseDuration(args.get("pipeline.checkpoint-timeout")));
        assertThat(transaction).isGreaterThan(checkpointCycle);
        assertThat(flink.getSpec().getJob().getParallelism())
                .isEqualTo(Integer.parseInt(args.get("pipeline.parallelism")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flink-deployment.yaml", "flink-deployment-gpu.yaml"})
    void taskManagersBudgetNd4jsNativeMemoryAndThreads(String file) {
        FlinkDeployment flink = flink(file);
        Map<String, String> conf = flink.getSpec().getFlinkConfiguration();
        String javaOpts = conf.get("env.java.opts.taskmanager");
        assertThat(javaOpts).contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events");
        MemorySize offHeap = MemorySize.parse(conf.get("taskmanager.memory.task.off-heap.size"));
        MemorySize process =
                MemorySize.parse(flink.getSpec().getTaskManager().getResource().getMemory());
        assertThat(offHeap.getBytes()).isGreaterThanOrEqualTo(MemorySize.parse("1g").getBytes());
        // JavaCPP's cap on ND4J stays inside the off-heap budget; its cap on the whole process
        // is the pod's memory, so ND4J fails in Java before the kernel kills the pod.
        assertThat(MemorySize.parse(option(javaOpts, "org.bytedeco.javacpp.maxbytes")))
                .isEqualTo(offHeap);
        assertThat(MemorySize.parse(option(javaOpts, "org.bytedeco.javacpp.maxphysicalbytes")))
                .isEqualTo(process);
        assertThat(env(taskManagerContainer(flink))).containsKey("OMP_NUM_THREADS");
    }

    @Test
    void onlyTheGpuVariantAsksForAGpuAndOtherwiseTheTwoRunTheSameJob() {
        FlinkDeployment cpu = flink("flink-deployment.yaml");
        FlinkDeployment gpu = flink("flink-deployment-gpu.yaml");
        assertThat(gpuLimit(cpu)).isNull();
        assertThat(gpuLimit(gpu)).isEqualTo(new Quantity("1"));
        assertThat(gpu.getSpec().getImage()).contains("gpu");
        assertThat(gpu.getSpec().getJob()).isEqualTo(cpu.getSpec().getJob());
        Map<String, String> gpuConf = new HashMap<>(gpu.getSpec().getFlinkConfiguration());
        gpuConf.remove("taskmanager.memory.jvm-overhead.min");
        assertThat(gpuConf).isEqualTo(cpu.getSpec().getFlinkConfiguration());
    }

    @Test
    void topicsSuitWhatTheJobWrites() {
        Map<String, KafkaTopic> topics =
                Manifests.of("kafka-topics.yaml").stream()
                        .map(KafkaTopic.class::cast)
                        .collect(Collectors.toMap(t -> t.getMetadata().getName(), t -> t));
        assertThat(topics)
                .containsOnlyKeys(
                        "flowrec.impressions",
                        "flowrec.feedback",
                        "flowrec.dead-letter",
                        "flowrec.snapshots");
        int parallelism = flink("flink-deployment.yaml").getSpec().getJob().getParallelism();
        assertThat(topics.get("flowrec.impressions").getSpec().getPartitions())
                .isEqualTo(parallelism);
        assertThat(topics.get("flowrec.feedback").getSpec().getPartitions()).isEqualTo(parallelism);
        topics.values()
                .forEach(
                        t ->
                                assertThat(t.getSpec().getConfig())
                                        .containsEntry("cleanup.policy", "delete"));
        // 1 MiB producer requests (max.request.size) plus Kafka's 12 bytes of log overhead.
        long oneMiBRecord = (1 << 20) + 12;
        assertThat(number(topics.get("flowrec.snapshots"), "max.message.bytes"))
                .isGreaterThanOrEqualTo(oneMiBRecord);
        assertThat(number(topics.get("flowrec.dead-letter"), "max.message.bytes"))
                .isGreaterThan(512 * 1024);
        KafkaTopic snapshots = topics.get("flowrec.snapshots");
        assertThat(number(snapshots, "retention.bytes"))
                .isGreaterThan(2 * number(snapshots, "segment.bytes"));
    }

    @Test
    void servingIsReadyOnlyWithAModelAndDrainsOneReplicaAtATime() {
        List<Object> resources = Manifests.of("serving.yaml");
        Deployment deployment = one(resources, Deployment.class);
        Service service = one(resources, Service.class);
        PodDisruptionBudget budget = one(resources, PodDisruptionBudget.class);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        String probePort = container.getReadinessProbe().getHttpGet().getPort().getStrVal();
        assertThat(container.getPorts()).anyMatch(p -> p.getName().equals(probePort));
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal())
                .isLessThan(deployment.getSpec().getReplicas());
    }

    private static FlinkDeployment flink(String file) {
        return (FlinkDeployment) Manifests.of(file).get(0);
    }

    private static <T> T one(List<Object> resources, Class<T> type) {
        return resources.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    /** The job's `--key value` program arguments. */
    private static Map<String, String> args(FlinkDeployment flink) {
        String[] args = flink.getSpec().getJob().getArgs();
        assertThat(args.length % 2).as(Arrays.toString(args)).isZero();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            assertThat(args[i]).startsWith("--");
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String option(String javaOpts, String property) {
        return Arrays.stream(javaOpts.split("\\s+"))
                .filter(o -> o.startsWith("-D" + property + "="))
                .map(o -> o.substring(property.length() + 3))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no -D" + property + " in " + javaOpts));
    }

    private static Container taskManagerContainer(FlinkDeployment flink) {
        PodTemplateSpec template = flink.getSpec().getTaskManager().getPodTemplate();
        return template.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("flink-main-container"))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Quantity gpuLimit(FlinkDeployment flink) {
        var resources = taskManagerContainer(flink).getResources();
        return resources == null || resources.getLimits() == null
                ? null
                : resources.getLimits().get("nvidia.com/gpu");
    }

    private static long number(KafkaTopic topic, String key) {
        return Long.parseLong(String.valueOf(topic.getSpec().getConfig().get(key)));
    }
}
