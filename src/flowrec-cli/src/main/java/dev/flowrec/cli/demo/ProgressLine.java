package dev.flowrec.cli.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the live progress: throughput, training, lag, served version and online AUC per cell. */
final class ProgressLine {
    private final PrintWriter out;

    ProgressLine(PrintWriter out) {
        this.out = out;
    }

    void print(Timeline timeline, long nowMillis) {
        List<Timeline.Point> points = timeline.points();
        Timeline.Point now = points.get(points.size() - 1);
        Timeline.Point before = points.size() > 1 ? points.get(points.size() - 2) : now;
        double eventsPerSecond =
                before == now
                        ? now.impressions() / Math.max(1e-9, now.seconds())
                        : Timeline.rate(
                                before,
                                now,
                                before.impressions() + before.feedback(),
                                now.impressions() + now.feedback());
        Timeline.Point firstTrained =
                points.stream().filter(p -> p.examplesTrained() > 0).findFirst().orElse(now);
        double trainedPerSecond =
                Timeline.rate(
                        firstTrained, now, firstTrained.examplesTrained(), now.examplesTrained());
        String snapshot =
                now.manifest() == null
                        ? "none yet"
                        : String.format(
                                Locale.ROOT,
                                "v%d (age %.1fs)",
                                now.version(),
                                (nowMillis - now.manifest().getCreatedAt()) / 1000.0);
        out.printf(
                Locale.ROOT,
                "[%5.0fs] events %,d (%.0f/s) | trained %,d examples (%s/s) | label lag %s |"
                        + " snapshot %s | dead letters %d%n",
                now.seconds(),
                now.impressions() + now.feedback(),
                eventsPerSecond,
                now.examplesTrained(),
                Double.isNaN(trainedPerSecond)
                        ? "-"
                        : String.format(Locale.ROOT, "%,.0f", trainedPerSecond),
                Double.isNaN(now.labelLagSeconds())
                        ? "-"
                        : String.format(Locale.ROOT, "%.1fs", now.labelLagSeconds()),
                snapshot,
                now.deadLetters());
        Map<String, Double> auc = now.auc();
        if (!auc.isEmpty()) {
            StringBuilder sb = new StringBuilder("         online AUC");
            auc.forEach(
                    (cell, v) ->
                            sb.append("  ")
                                    .append(cell)
                                    .append(' ')
                                    .append(
                                            Double.isNaN(v)
                                                    ? "n/a"
                                                    : String.format(Locale.ROOT, "%.3f", v)));
            out.println(sb);
        }
        out.flush();
    }
}
