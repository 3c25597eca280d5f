package dev.flowrec.bench.speed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowrec.bench.report.ReportFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed B4 results read the committed report and write it back key for key. */
class SpeedResultsTest {
    /** The committed B4 report, from this module's folder (the working directory of its tests). */
    private static final Path COMMITTED = Path.of("../../docs/benchmarks/B4-speed/results.json");

    @TempDir Path dir;

    @Test
    void theCommittedReportReadsAndWritesBackUnchanged() throws Exception {
        SpeedResults read = ReportFolder.JSON.readValue(COMMITTED.toFile(), SpeedResults.class);
        new ReportFolder(dir).writeResults(read);

        JsonNode original = ReportFolder.JSON.readTree(COMMITTED.toFile());
        JsonNode written =
                ReportFolder.JSON.readTree(Files.readString(dir.resolve("results.json")));
        assertThat(written).isEqualTo(original);
        assertThat(read.models()).containsKeys("autoifs", "autoifs-retrain");
        assertThat(read.machine().nd4jBackend()).isEqualTo("CPU");
    }

    @Test
    void theSpeedTableHasARowPerModelWithAutoIfsAsTheBase() throws Exception {
        SpeedResults read = ReportFolder.JSON.readValue(COMMITTED.toFile(), SpeedResults.class);

        String table = SpeedTable.of(read.models()).render();
        assertThat(table.lines().filter(l -> l.startsWith("| autoifs |")))
                .singleElement()
                .asString()
                .contains("| 1.00 |");
        assertThat(table.lines().count()).isEqualTo(2 + read.models().size());
    }
}
