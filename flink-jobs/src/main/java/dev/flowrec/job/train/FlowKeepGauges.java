package dev.flowrec.job.train;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.publish.SnapshotManifests;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * AutoIFS's flow-keep shares as Flink gauges, {@code autoifs_flow_keep.<scenario>_<task>.<flow>}
 * under the given group. The metric reporter reads gauges on its own thread, so they read the
 * provenance of the last published snapshot (an immutable map), never the model itself; NaN until
 * the first snapshot.
 */
final class FlowKeepGauges {
    private FlowKeepGauges() {}

    static void register(
            MetricGroup group,
            ScenarioTaskSpace space,
            Supplier<Map<String, String>> publishedReport) {
        MetricGroup flows = group.addGroup("autoifs_flow_keep");
        for (String scenario : space.scenarios()) {
            for (String task : space.tasks()) {
                MetricGroup cell = flows.addGroup(scenario + "_" + task);
                for (String flow : FlowSelectionReport.FLOWS) {
                    String key = SnapshotManifests.flowKeepKey(scenario + "/" + task, flow);
                    cell.gauge(
                            flow.replace('-', '_'),
                            (Gauge<Double>)
                                    () ->
                                            Double.parseDouble(
                                                    publishedReport
                                                            .get()
                                                            .getOrDefault(key, "NaN")));
                }
            }
        }
    }
}
