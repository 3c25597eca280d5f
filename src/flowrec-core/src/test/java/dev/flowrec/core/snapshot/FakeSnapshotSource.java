package dev.flowrec.core.snapshot;

import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.SnapshotManifest;
import java.util.Map;

/**
 * A trainer's model reduced to what the publisher reads: a count of trained examples the test moves
 * forward, an online evaluation and a final-label window it sets, and a fixed artifact. Counts how
 * often the costly parts were asked for.
 */
final class FakeSnapshotSource implements SnapshotSource {
    private final long input;
    private long examplesTrained;
    private EvaluationReport online = withAuc(0.7);
    private EvaluationReport window = withAuc(0.7);
    EvaluationReport describedWindow;
    int reportsTaken;
    int artifactsTaken;

    /** A model trained on the test's default input. */
    FakeSnapshotSource() {
        this(0);
    }

    /**
     * A model trained on input {@code input}: two sources with different inputs make different
     * artifacts for the same example count, as a job restarted on other records would.
     */
    FakeSnapshotSource(long input) {
        this.input = input;
    }

    /** An evaluation whose one cell holds 100 examples of both classes and has this AUC. */
    static EvaluationReport withAuc(double auc) {
        return new EvaluationReport(Map.of("feed/click", new CellReport(100, 10, auc, 0.3, 1.0)));
    }

    void train(long examples) {
        examplesTrained += examples;
    }

    void evaluated(EvaluationReport report) {
        online = report;
    }

    /** The final-label window from now on. */
    void windowed(EvaluationReport report) {
        window = report;
    }

    @Override
    public long examplesTrained() {
        return examplesTrained;
    }

    @Override
    public EvaluationReport onlineReport() {
        reportsTaken++;
        return online;
    }

    @Override
    public EvaluationReport windowReport() {
        reportsTaken++;
        return window;
    }

    @Override
    public SnapshotManifest.Builder describe(EvaluationReport online, EvaluationReport window) {
        describedWindow = window;
        // Lineage fields of the shared template are set here so the test sees the publisher
        // overwrite them.
        return SnapshotTestData.template(99);
    }

    @Override
    public byte[] artifact() {
        artifactsTaken++;
        return SnapshotTestData.artifact(3000, examplesTrained + 1_000_003 * input);
    }
}
