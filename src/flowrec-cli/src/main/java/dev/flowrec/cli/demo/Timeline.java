package dev.flowrec.cli.demo;

import dev.flowrec.events.CellMetrics;
import dev.flowrec.events.SnapshotManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the demo saw at each progress tick, for the live line, the plots and results.json. */
final class Timeline {
    /** One tick. {@code manifest} is the newest snapshot the subscriber serves, or null. */
    record Point(
            double seconds,
            long impressions,
            long feedback,
            long newestEventTime,
            SnapshotManifest manifest,
            long deadLetters) {
        long examplesTrained() {
            return manifest == null ? 0 : manifest.getExamplesTrained();
        }

        long version() {
            return manifest == null ? 0 : manifest.getVersion();
        }

        /**
         * Event-time distance between the newest produced event and what the served model trained
         * through.
         */
        double labelLagSeconds() {
            return manifest == null || manifest.getWatermark() <= 0
                    ? Double.NaN
                    : (newestEventTime - manifest.getWatermark()) / 1000.0;
        }

        Map<String, Double> auc() {
            Map<String, Double> out = new LinkedHashMap<>();
            if (manifest != null) {
                for (CellMetrics c : manifest.getMetrics()) {
                    out.put(c.getCell(), c.getAuc());
                }
            }
            return out;
        }
    }

    private final List<Point> points = new ArrayList<>();

    synchronized void add(Point p) {
        points.add(p);
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** Rate of a counter between the last two points with different values of the counter. */
    static double rate(Point earlier, Point later, long before, long after) {
        double dt = later.seconds() - earlier.seconds();
        return dt <= 0 ? Double.NaN : (after - before) / dt;
    }
}
