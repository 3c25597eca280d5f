package dev.flowrec.bench.fault;

import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.ReportFolder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The B6 report folder: results.json, summary.md with the headline table, timeline.png. */
public final class FaultReport {
    private FaultReport() {}

    public static void write(ReportFolder folder, FaultResults r) throws IOException {
        folder.writeResults(r);
        writeTimeline(folder, r);
        folder.writeSummary(summary(r));
    }

    static String summary(FaultResults r) {
        List<Long> recovery =
                r.faults().stream().map(FaultResults.Fault::recoveryMillis).sorted().toList();
        StringBuilder md = new StringBuilder("# B6: faults on a standalone cluster\n\n");
        md.append("Machine: ")
                .append(r.machine().describe())
                .append(". Started ")
                .append(r.startedAt())
                .append(", ")
                .append(String.format(Locale.ROOT, "%.0f", r.wallSeconds()))
                .append(" s in all.\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Plan: %.0f impressions/s for %d s, %d TaskManager kills (SIGKILL),"
                                + " JobManager restart: %s, %d malformed records and as many orphan"
                                + " feedback injected, seed %d.%n%n",
                        r.plan().impressionsPerSecond(),
                        r.plan().stream().toSeconds(),
                        r.plan().taskManagerKills(),
                        r.plan().jobManagerRestart() ? "yes" : "no",
                        r.plan().badRecords(),
                        r.plan().seed()));
        md.append(
                new MarkdownTable("measure", "value")
                        .row("faults survived", r.faults().size() + " of " + r.plan().faults())
                        .row("job failures recorded by Flink", r.jobFailuresRecorded())
                        .row(
                                "recovery per fault, p50 / max (ms)",
                                recovery.isEmpty()
                                        ? "n/a"
                                        : percentile(recovery, 0.5)
                                                + " / "
                                                + recovery.get(recovery.size() - 1))
                        .row(
                                "examples expected / trained",
                                r.examplesExpected() + " / " + r.examplesTrained())
                        .row(
                                "example checksum expected / trained",
                                r.checksumExpected() + " / " + r.checksumTrained())
                        .row(
                                "duplicates or losses",
                                r.exactlyOnce()
                                        ? "none (count and checksum equal)"
                                        : "YES: count or checksum differs")
                        .row(
                                "committed snapshots / lineages",
                                r.snapshotsCommitted() + " / " + r.lineages())
                        .row(
                                "version chain problems",
                                r.chainProblems().isEmpty()
                                        ? "none"
                                        : String.join("; ", r.chainProblems()))
                        .row(
                                "dead letters written / due (malformed + orphan feedback)",
                                r.deadLetterKeys().size()
                                        + " / "
                                        + r.deadLettersExpected()
                                        + " ("
                                        + r.deadLettersInjected()
                                        + " + "
                                        + r.orphanFeedbackInjected()
                                        + ")")
                        .row(
                                "duplicate feedback sent / impressions sent 0.8 s late (feedback"
                                        + " may come first)",
                                r.duplicateFeedbackInjected() + " / " + r.impressionsReordered())
                        .row("dead letters for anything else", r.deadLettersNotInjected())
                        .row(
                                "serving scores / errors",
                                r.servingScores() + " / " + r.servingErrors())
                        .row("tampered snapshots written", r.snapshotsTampered())
                        .row(
                                "snapshots refused by serving, by reason",
                                r.snapshotsRejectedByServing().isEmpty()
                                        ? "none"
                                        : r.snapshotsRejectedByServing())
                        .row(
                                "snapshots refused reading the whole topic, by reason",
                                r.snapshotsRefusedOnTheTopic().isEmpty()
                                        ? "none"
                                        : r.snapshotsRefusedOnTheTopic())
                        .row(
                                "newest committed version / highest version served",
                                r.newestCommittedVersion() + " / " + r.highestVersionServed())
                        .row(
                                "serving held (no error, every tampered snapshot refused)",
                                r.servingHeld() ? "yes" : "NO")
                        .render());
        if (r.firstServingError() != null) {
            md.append("\nFirst serving error: `").append(r.firstServingError()).append("`\n");
        }
        md.append("\n## Faults\n\n");
        MarkdownTable faults =
                new MarkdownTable("at (s)", "process killed", "moment", "running again after (ms)");
        r.faults()
                .forEach(
                        f ->
                                faults.row(
                                        String.format(Locale.ROOT, "%.1f", f.atSeconds()),
                                        f.process(),
                                        f.moment(),
                                        f.recoveryMillis()));
        md.append(faults.render());
        md.append(
                "\n"
                    + "![timeline](timeline.png)\n\n"
                    + "Recovery is from the kill until every task of the job runs again: the"
                    + " JobManager noticing the dead process (two failed heartbeat RPCs, about 4 s"
                    + " with heartbeat.interval 2 s), the restart, and the tasks restoring their"
                    + " state, the trainer its model.\n");
        return md.toString();
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    /**
     * Cumulative counts over time, whose slopes are the throughputs and whose flat stretches are
     * the outages: records produced, records the job read as of its checkpoints, examples in the
     * served model; the served version on the right axis; each fault a vertical line.
     */
    private static void writeTimeline(ReportFolder folder, FaultResults r) throws IOException {
        List<FaultResults.Sample> s = r.timeline();
        if (s.isEmpty()) {
            return;
        }
        XYChart chart =
                new XYChartBuilder()
                        .width(1100)
                        .height(600)
                        .title("B6: progress and served version through the faults")
                        .xAxisTitle("seconds since the stream started")
                        .yAxisTitle("count (slope = throughput)")
                        .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        List<Double> x = new ArrayList<>();
        List<Double> sent = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> served = new ArrayList<>();
        List<Double> version = new ArrayList<>();
        double top = 1;
        for (FaultResults.Sample sample : s) {
            x.add(sample.seconds());
            sent.add((double) sample.eventsSent());
            read.add(sample.eventsCommitted() < 0 ? Double.NaN : sample.eventsCommitted());
            served.add((double) sample.servedExamples());
            version.add((double) sample.servingVersion());
            top = Math.max(top, Math.max(sample.eventsSent(), sample.servedExamples()));
        }
        line(chart, "records produced", x, sent, new Color(0x1f77b4), 0);
        line(chart, "records read by the job (at checkpoints)", x, read, new Color(0xff7f0e), 0);
        line(chart, "examples in the served model", x, served, new Color(0x2ca02c), 0);
        line(chart, "served snapshot version (right axis)", x, version, new Color(0x9467bd), 1);
        chart.setYAxisGroupTitle(1, "version");
        int n = 0;
        for (FaultResults.Fault f : r.faults()) {
            XYSeries kill =
                    chart.addSeries(
                            "fault " + (++n),
                            new double[] {f.atSeconds(), f.atSeconds()},
                            new double[] {0, top});
            kill.setLineColor(Color.RED);
            kill.setLineStyle(
                    new BasicStroke(
                            1.5f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10,
                            new float[] {6, 4},
                            0));
            kill.setMarker(SeriesMarkers.NONE);
            kill.setShowInLegend(n == 1);
            if (n == 1) {
                kill.setLabel("faults (kills)");
            }
        }
        BitmapEncoder.saveBitmap(
                chart, folder.file("timeline.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void line(
            XYChart chart, String name, List<Double> x, List<Double> y, Color color, int axis) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setYAxisGroup(axis);
    }
}
