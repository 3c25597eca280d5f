package dev.flowrec.bench.serving;

import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.ReportFolder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The serving report folder: results.json, summary.md, scaling.png. */
final class ServingReport {
    private ServingReport() {}

    static void write(ReportFolder folder, ServingResults r, Duration probe) throws IOException {
        folder.writeResults(r);
        writeScaling(folder, r);
        folder.writeSummary(summary(r, probe));
    }

    static String summary(ServingResults r, Duration probe) {
        StringBuilder md =
                new StringBuilder("# B4 serving: scoring latency, throughput, swaps\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Started %s on %s. OpenBLAS %d thread per call, as `flowrec serve` runs;"
                            + " requests run in parallel instead. Every timed loop ran %d s after a"
                            + " warm-up. Snapshots are signed, published to an embedded Kafka"
                            + " broker and loaded by a real subscriber; models have the synthetic"
                            + " world's features and default sizes.%n%n",
                        r.startedAt(),
                        r.machine().describe(),
                        r.blasThreadsPerCall(),
                        probe.toSeconds()));
        MarkdownTable scorer =
                new MarkdownTable(
                        "model",
                        "engine",
                        "Scorer p50 ms",
                        "p99 ms",
                        "p99.9 ms",
                        "batch 1,024 examples/s",
                        "share of dense-math limit",
                        "GEMM GFLOP/s on its shapes");
        for (Map.Entry<String, ServingResults.ModelServing> e : r.models().entrySet()) {
            ServingResults.ModelServing m = e.getValue();
            scorer.row(
                    e.getKey(),
                    m.engine(),
                    ms(m.single().p50()),
                    ms(m.single().p99()),
                    ms(m.single().p999()),
                    String.format(Locale.ROOT, "%,.0f", m.batch().examplesPerSecond()),
                    Double.isNaN(m.batch().shareOfLimit())
                            ? String.format(
                                    Locale.ROOT, "%.0f%% (by FLOPs)", 100 * m.batch().flopShare())
                            : String.format(Locale.ROOT, "%.0f%%", 100 * m.batch().shareOfLimit()),
                    String.format(Locale.ROOT, "%.1f", m.batch().gemmGflops()));
        }
        md.append(scorer.render());
        md.append(
                "\n"
                    + "Share of the dense-math limit: examples/s ÷ the rate the forward pass's"
                    + " matrix products alone allow, each product timed with OpenBLAS `sgemm` at"
                    + " its own shape and batch 1,024 in the same run. Where an engine does not"
                    + " list its products, FLOPs per example × examples/s ÷ the rate of a 1024×1024"
                    + " product.\n\n");
        MarkdownTable threads =
                new MarkdownTable("model", "threads", "calls/s", "speed-up", "p50 ms", "p99 ms");
        for (Map.Entry<String, ServingResults.ModelServing> e : r.models().entrySet()) {
            for (ServingResults.Scaling s : e.getValue().threads()) {
                threads.row(
                        e.getKey(),
                        s.threads(),
                        String.format(Locale.ROOT, "%,.0f", s.callsPerSecond()),
                        String.format(Locale.ROOT, "×%.2f", s.speedup()),
                        ms(s.p50()),
                        ms(s.p99()));
            }
        }
        md.append("## Concurrent scoring, one impression per call\n\n")
                .append(threads.render())
                .append(
                        String.format(
                                Locale.ROOT,
                                "%nThis machine has %d cores; beyond that, threads share them.%n%n",
                                r.machine().cores()));
        MarkdownTable swaps =
                new MarkdownTable(
                        "model", "versions", "p50 ms", "p99 ms", "max ms", "requests", "errors");
        for (Map.Entry<String, ServingResults.ModelServing> e : r.models().entrySet()) {
            ServingResults.Swaps s = e.getValue().swaps();
            swaps.row(
                    e.getKey(),
                    s.timed(),
                    ms(s.p50()),
                    ms(s.p99()),
                    ms(s.max()),
                    String.format(Locale.ROOT, "%,d", s.scored()),
                    s.scoringErrors());
        }
        md.append("## Swaps under load\n\n")
                .append(
                        "From a manifest's arrival at the subscriber to the first request answered"
                                + " by that version (chunks, verification, load, inference, swap),"
                                + " while two threads score throughout.\n\n")
                .append(swaps.render());
        md.append("\n## HTTP, POST /score with one impression\n\n");
        MarkdownTable http =
                new MarkdownTable(
                        "model", "load", "requests/s", "p50 ms", "p90 ms", "p99 ms", "errors");
        boolean any = false;
        for (Map.Entry<String, ServingResults.ModelServing> e : r.models().entrySet()) {
            for (ServingResults.Http h : e.getValue().http()) {
                any = true;
                http.row(
                        e.getKey(),
                        String.format(
                                Locale.ROOT,
                                "%s (wrk -t%d -c%d)",
                                h.load(),
                                h.threads(),
                                h.connections()),
                        String.format(Locale.ROOT, "%,.0f", h.requestsPerSecond()),
                        ms(h.p50()),
                        ms(h.p90()),
                        ms(h.p99()),
                        h.errors());
            }
        }
        md.append(any ? http.render() : "").append('\n').append(r.httpNote()).append(".\n");
        return md.toString();
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : String.format(Locale.ROOT, "%.3f", millis);
    }

    private static void writeScaling(ReportFolder folder, ServingResults r) throws IOException {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(900)
                        .height(500)
                        .title("Scorer calls/s by scoring threads (one impression per call)")
                        .xAxisTitle("threads")
                        .yAxisTitle("calls/s")
                        .build();
        for (Map.Entry<String, ServingResults.ModelServing> e : r.models().entrySet()) {
            List<ServingResults.Scaling> s = e.getValue().threads();
            chart.addSeries(
                    e.getKey(),
                    s.stream().map(ServingResults.Scaling::threads).toList(),
                    s.stream().map(ServingResults.Scaling::callsPerSecond).toList());
        }
        BitmapEncoder.saveBitmap(
                chart, folder.file("scaling.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
