package dev.flowrec.bench.delayedfeedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished B3 method survives a rerun exactly, NaN figures included. */
class SavedOutcomesTest {
    private static final LabelMethod VANILLA =
            new LabelMethod("vanilla", EmissionPolicy.VANILLA, LossCorrection.NONE);

    @TempDir Path dir;

    @Test
    void anOutcomeReadsBackAsItWasSaved() throws Exception {
        MethodRun.Outcome outcome =
                new MethodRun.Outcome(
                        new EvaluationReport(
                                Map.of(
                                        "feed/click", new CellReport(100, 7, 0.61, 0.25, 1.1),
                                        "feed/conversion",
                                                new CellReport(
                                                        100, 0, Double.NaN, 0.01, Double.NaN))),
                        5_000,
                        12.5,
                        40.5,
                        90);
        SavedOutcomes saved = new SavedOutcomes(dir);
        saved.save(VANILLA, outcome);

        assertThat(saved.load(VANILLA)).contains(outcome);
        assertThat(Files.readString(dir.resolve("vanilla.json")))
                .contains("\"auc\" : null", "\"logloss\" : 0.01");
        assertThat(new SavedOutcomes(dir).load(LabelMethod.ORACLE)).isEmpty();
    }

    /**
     * The shape the hand-written writer used before the typed records, which saved state still
     * holds.
     */
    @Test
    void aFileInTheEarlierLayoutStillReads() throws Exception {
        Files.writeString(
                dir.resolve("vanilla.json"),
                "{\"cells\":{\"0/like\":{\"examples\":3,\"positives\":0,"
                        + "\"auc\":null,\"logloss\":0.5,\"calibration\":null}},"
                        + "\"examples_trained\":9,\"seconds\":1.5,"
                        + "\"mean_live_join_keys\":2.0,\"peak_live_join_keys\":4}");

        MethodRun.Outcome read = new SavedOutcomes(dir).load(VANILLA).orElseThrow();
        assertThat(read.finalLabels().cell("0/like").auc()).isNaN();
        assertThat(read.finalLabels().cell("0/like").logLoss()).isEqualTo(0.5);
        assertThat(read.peakLiveJoinKeys()).isEqualTo(4);
    }
}
