package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.bench.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where B3 keeps each finished method's outcome, one JSON file per dataset and method, so that a
 * rerun skips what is done (the benchmark is resumable at method granularity).
 */
final class SavedOutcomes {
    private final Path dir;

    SavedOutcomes(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Optional<MethodRun.Outcome> load(LabelMethod method) throws IOException {
        Path file = dir.resolve(method.fileName());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(
                ReportFolder.JSON.readValue(file.toFile(), SavedOutcome.class).outcome());
    }

    void save(LabelMethod method, MethodRun.Outcome outcome) throws IOException {
        ReportFolder.JSON.writeValue(
                dir.resolve(method.fileName()).toFile(), SavedOutcome.of(outcome));
    }
}
