package dev.flowrec.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot people look at first: online AUC over time, one line per scenario x task cell, each with
 * its Bayes-optimal AUC (the ceiling) as a dashed line in the same colour.
 */
public final class AucChart {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
    };

    private AucChart() {}

    /**
     * @param seconds x values
     * @param aucByCell per cell, one y value per x (NaN where unknown yet)
     * @param ceilingByCell per cell, the Bayes-optimal AUC (may be empty)
     */
    public static void write(
            Path png,
            String title,
            List<Double> seconds,
            Map<String, List<Double>> aucByCell,
            Map<String, Double> ceilingByCell)
            throws IOException {
        write(
                png,
                title,
                "seconds since start",
                "online AUC (prequential)",
                seconds,
                aucByCell,
                ceilingByCell);
    }

    /** The same chart with other axis titles, e.g. AUC per epoch. */
    public static void write(
            Path png,
            String title,
            String xAxis,
            String yAxis,
            List<Double> seconds,
            Map<String, List<Double>> aucByCell,
            Map<String, Double> ceilingByCell)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(1000)
                        .height(600)
                        .title(title)
                        .xAxisTitle(xAxis)
                        .yAxisTitle(yAxis)
                        .build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] x = seconds.stream().mapToDouble(Double::doubleValue).toArray();
        int i = 0;
        for (Map.Entry<String, List<Double>> cell : aucByCell.entrySet()) {
            Color color = PALETTE[i++ % PALETTE.length];
            double[] y = cell.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries s = chart.addSeries(cell.getKey(), x, y);
            // Few points (epochs) are worth marking; a dense time series is clearer as a line.
            s.setMarker(x.length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineColor(color);
            Double ceiling = ceilingByCell.get(cell.getKey());
            if (ceiling != null && !ceiling.isNaN() && x.length > 0) {
                XYSeries b =
                        chart.addSeries(
                                cell.getKey() + " Bayes-optimal",
                                new double[] {x[0], x[x.length - 1]},
                                new double[] {ceiling, ceiling});
                b.setMarker(SeriesMarkers.NONE);
                b.setLineColor(color);
                b.setLineStyle(
                        new BasicStroke(
                                1.5f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {6f, 4f},
                                0f));
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
