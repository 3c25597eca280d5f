package dev.flowrec.core.snapshot;

import java.util.Locale;

/**
 * One reason the {@link QualityGate} withheld a snapshot: which check failed, in which cell, the
 * figure it measured and the bound it broke.
 *
 * @param check the failed check
 * @param cell the cell, {@code "<scenario>/<task>"}; for {@link GateCheck#NO_EVIDENCE}, the cell
 *     closest to having enough evidence, empty when the gate judges no cell
 * @param figure what was measured: {@code auc}, {@code logloss}, {@code calibration}, or for {@link
 *     GateCheck#NO_EVIDENCE} {@code examples} (labelled examples of both classes in the window)
 * @param measured the cell's value of the figure over its window
 * @param bound the bound it broke: the floor, the ceiling, or the end of the calibration band it
 *     passed; for {@link GateCheck#NO_EVIDENCE} the examples needed; NaN for {@link
 *     GateCheck#NON_FINITE}
 * @param windowExamples final-labelled examples in the cell's window
 */
public record GateFinding(
        GateCheck check,
        String cell,
        String figure,
        double measured,
        double bound,
        long windowExamples) {

    /** The finding in a sentence, for the log. */
    public String describe() {
        return switch (check) {
            case NON_FINITE ->
                    String.format(
                            Locale.ROOT,
                            "%s: %s is %s over the last %d final labels",
                            cell,
                            figure,
                            measured,
                            windowExamples);
            case NO_EVIDENCE ->
                    String.format(
                            Locale.ROOT,
                            "not enough final labels yet: a judged cell needs %.0f in its window,"
                                    + " of both classes%s",
                            bound,
                            cell.isEmpty()
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            "; the fullest, %s, holds %d",
                                            cell,
                                            windowExamples));
            case AUC_FLOOR, LOGLOSS_CEILING, CALIBRATION ->
                    String.format(
                            Locale.ROOT,
                            "%s: %s %.4f is %s %.4f over the last %d final labels",
                            cell,
                            figure,
                            measured,
                            measured < bound ? "below" : "above",
                            bound,
                            windowExamples);
        };
    }
}
