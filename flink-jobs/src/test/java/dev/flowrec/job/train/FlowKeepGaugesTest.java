package dev.flowrec.job.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.models.publish.SnapshotManifests;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class FlowKeepGaugesTest {
    /** A metric group that remembers its gauges by their dotted path. */
    private static final class RecordingGroup extends UnregisteredMetricsGroup {
        private final String path;
        private final Map<String, Gauge<?>> gauges;

        RecordingGroup(String path, Map<String, Gauge<?>> gauges) {
            this.path = path;
            this.gauges = gauges;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            gauges.put(path + name, gauge);
            return gauge;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new RecordingGroup(path + name + ".", gauges);
        }
    }

    @Test
    void oneGaugePerCellAndFlowReadingTheLastPublishedReport() {
        Map<String, Gauge<?>> gauges = new TreeMap<>();
        AtomicReference<Map<String, String>> published = new AtomicReference<>(Map.of());
        FlowKeepGauges.register(
                new RecordingGroup("", gauges),
                new ScenarioTaskSpace(List.of("feed", "search"), List.of("click", "conversion")),
                published::get);

        assertThat(gauges)
                .hasSize(2 * 2 * 4)
                .containsKey("autoifs_flow_keep.search_conversion.specific_shared");
        assertThat((Double) gauges.get("autoifs_flow_keep.feed_click.shared_shared").getValue())
                .isNaN();

        published.set(
                Map.of(
                        SnapshotManifests.flowKeepKey("feed/click", "shared-shared"),
                        "0.2500",
                        SnapshotManifests.flowKeepKey("search/conversion", "specific-shared"),
                        "1.0000"));

        assertThat(gauges.get("autoifs_flow_keep.feed_click.shared_shared").getValue())
                .isEqualTo(0.25);
        assertThat(gauges.get("autoifs_flow_keep.search_conversion.specific_shared").getValue())
                .isEqualTo(1.0);
        assertThat((Double) gauges.get("autoifs_flow_keep.feed_click.specific_specific").getValue())
                .isNaN();
    }
}
