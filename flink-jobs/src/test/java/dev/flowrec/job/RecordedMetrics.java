package dev.flowrec.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;

/**
 * An operator metric group that keeps what an operator registers, so a test reads its counters by
 * the name below the operator (for example {@code flowrec.orphan_overflow}). The harness's own
 * group drops every metric.
 */
public final class RecordedMetrics {
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private final OperatorMetricGroup group;

    public RecordedMetrics() {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setDelimiter('.')
                        .setRegisterConsumer(
                                (metric, name, g) ->
                                        metrics.put(
                                                g.getLogicalScope(s -> s, '.') + "." + name,
                                                metric))
                        .build();
        group =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "host", ResourceID.generate())
                        .addJob(new JobID(), "job")
                        .addTask(ExecutionAttemptID.randomId(), "task")
                        .getOrAddOperator(new OperatorID(), "operator", Map.of());
    }

    public OperatorMetricGroup group() {
        return group;
    }

    /** The count of the counter registered under that name below the operator. */
    public long count(String name) {
        return ((Counter) metric(name)).getCount();
    }

    /**
     * The value of the gauge registered under that dotted path below the operator's groups, for
     * example {@code gate_window.feed_click.auc}.
     */
    public Object value(String name) {
        return ((Gauge<?>) metric(name)).getValue();
    }

    private Metric metric(String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no metric " + name + " among " + metrics.keySet()));
    }
}
