package dev.flowrec.core.snapshot;

import java.util.Locale;

/**
 * The checks of the {@link QualityGate}. Each withheld snapshot is counted per check it failed, so
 * {@link #metricName()} names a metric: add checks, never rename one.
 */
public enum GateCheck {
    /** A figure of a cell's window is NaN or infinite; applies whatever the gate's settings. */
    NON_FINITE,
    /** A floor or ceiling is set, but no cell it applies to has enough final labels yet. */
    NO_EVIDENCE,
    /** A cell's AUC is below its floor. */
    AUC_FLOOR,
    /** A cell's log loss is above the ceiling. */
    LOGLOSS_CEILING,
    /** A cell's calibration lies outside the band. */
    CALIBRATION;

    /** The name of the counter of snapshots this check withheld, e.g. {@code auc_floor}. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
