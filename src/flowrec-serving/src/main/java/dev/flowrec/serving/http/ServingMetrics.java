package dev.flowrec.serving.http;

import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.serving.LoadedModel;
import dev.flowrec.serving.SnapshotSubscriber;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The server's Prometheus metrics, in a registry of its own (so two servers in one JVM, as in
 * tests, do not collide). Request counts and latency are recorded by the HTTP layer; everything
 * about the model is read from the subscriber at scrape time, so it can never drift from it.
 */
public final class ServingMetrics {

    /** Latency buckets around the 1-2 ms a ranking service budgets for one call. */
    private static final double[] LATENCY_BOUNDS = {
        0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
    };

    /** Swap buckets from a small model's tens of milliseconds to a large one's tens of seconds. */
    private static final double[] SWAP_BOUNDS = {
        0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram latency;
    private final Counter badRequests;

    public ServingMetrics(SnapshotSubscriber subscriber, Clock clock) {
        latency =
                Histogram.builder()
                        .name("flowrec_serve_request_duration_seconds")
                        .help("HTTP requests by endpoint and status, and how long they took")
                        .labelNames("endpoint", "status")
                        .classicUpperBounds(LATENCY_BOUNDS)
                        .classicOnly()
                        .register(registry);
        badRequests =
                Counter.builder()
                        .name("flowrec_serve_bad_requests_total")
                        .help("Requests refused with a 4xx or 503, by endpoint and problem")
                        .labelNames("endpoint", "problem")
                        .register(registry);
        GaugeWithCallback.builder()
                .name("flowrec_serve_model_version")
                .help("The snapshot version served (0 before the first), by lineage")
                .labelNames("model_id", "lineage")
                .callback(
                        cb ->
                                subscriber
                                        .current()
                                        .ifPresent(
                                                m ->
                                                        cb.call(
                                                                m.version(),
                                                                m.modelId(),
                                                                m.lineageId())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("flowrec_serve_model_age_seconds")
                .help("Time since the trainer published the model served")
                .callback(cb -> subscriber.current().ifPresent(m -> cb.call(ageSeconds(m, clock))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("flowrec_serve_model_swap_delay_seconds")
                .help(
                        "From the trainer's publish to this server serving it, for the model"
                                + " served: transfer, verification and load")
                .callback(cb -> subscriber.current().ifPresent(m -> cb.call(swapDelaySeconds(m))))
                .register(registry);
        Histogram swaps =
                Histogram.builder()
                        .name("flowrec_serve_model_swap_seconds")
                        .help(
                                "From a snapshot's manifest arriving to the first request answered"
                                        + " by it: chunk transfer, verification, load, swap")
                        .classicUpperBounds(SWAP_BOUNDS)
                        .classicOnly()
                        .register(registry);
        subscriber.swapTimes().observe(swaps::observe);
        GaugeWithCallback.builder()
                .name("flowrec_serve_model_pinned")
                .help("1 while a pin holds the served version, else 0")
                .callback(cb -> cb.call(subscriber.pinned().isPresent() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("flowrec_serve_model_kept_versions")
                .help("Versions kept loaded for pin and rollback")
                .callback(cb -> cb.call(subscriber.keptVersions().size()))
                .register(registry);
        CounterWithCallback.builder()
                .name("flowrec_serve_model_swaps_total")
                .help("Snapshots verified, loaded and swapped in (kept only, while pinned)")
                .callback(cb -> cb.call(subscriber.loadedCount()))
                .register(registry);
        CounterWithCallback.builder()
                .name("flowrec_serve_snapshot_rejections_total")
                .help("Snapshots refused, by reason; the served model is unchanged by them")
                .labelNames("reason")
                .callback(
                        cb -> {
                            for (Map.Entry<RejectReason, Long> e :
                                    subscriber.rejectedCounts().entrySet()) {
                                cb.call(e.getValue(), e.getKey().name().toLowerCase());
                            }
                        })
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    private static double swapDelaySeconds(LoadedModel model) {
        return Duration.between(model.createdAt(), model.loadedAt()).toMillis() / 1000.0;
    }

    static double ageSeconds(LoadedModel model, Clock clock) {
        return Duration.between(model.createdAt(), clock.instant()).toMillis() / 1000.0;
    }

    /** Records one answered request. */
    public void observe(String endpoint, int status, long nanos) {
        latency.labelValues(endpoint, Integer.toString(status)).observe(nanos / 1e9);
    }

    /** Records why a request was refused. */
    public void refused(String endpoint, Problem problem) {
        badRequests.labelValues(endpoint, problem.code()).inc();
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Every metric in the Prometheus text format. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the metrics to memory failed", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
