package dev.flowrec.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.ReportFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultReportTest {
    @TempDir Path dir;

    private static FaultResults results(long trained, String checksum) {
        return new FaultResults(
                "B6",
                "2026-12-07T22:00:00Z",
                new Machine(2, 8.0, "17", "Linux amd64", "CPU", "1"),
                new FaultPlan(150, Duration.ofSeconds(90), 2, true, 4, 7),
                200.0,
                List.of(
                        new FaultResults.Fault(
                                10.0, "taskmanager-1", "during a checkpoint", 18_000),
                        new FaultResults.Fault(40.0, "taskmanager-2", "at a random moment", 24_000),
                        new FaultResults.Fault(80.0, "jobmanager", "resumed from chk-9", 30_000)),
                2,
                1_000,
                trained,
                "00000000000000aa",
                checksum,
                5,
                3,
                List.of(),
                4,
                1,
                3,
                5,
                List.of("bad-0", "bad-1", "bad-2", "bad-3", "orphan-0"),
                900,
                0,
                null,
                Map.of("BAD_SIGNATURE", 1L, "MALFORMED", 2L, "HASH_MISMATCH", 1L),
                4,
                Map.of("BAD_SIGNATURE", 1L, "MALFORMED", 2L, "HASH_MISMATCH", 1L),
                5,
                5,
                List.of(
                        new FaultResults.Sample(1.0, 100, 0, 0, 0),
                        new FaultResults.Sample(2.0, 250, 128, 1, 256),
                        new FaultResults.Sample(3.0, 400, -1, 1, 256),
                        new FaultResults.Sample(4.0, 550, 512, 2, 640)));
    }

    @Test
    void writesResultsSummaryAndTimelineAndReadsBack() throws Exception {
        FaultReport.write(new ReportFolder(dir), results(1_000, "00000000000000aa"));

        FaultResults back =
                ReportFolder.JSON.readValue(
                        dir.resolve("results.json").toFile(), FaultResults.class);
        assertThat(back.plan().stream()).isEqualTo(Duration.ofSeconds(90));
        assertThat(back.faults()).hasSize(3);
        assertThat(Files.readString(dir.resolve("results.json")))
                .contains("\"stream\" : \"PT1M30S\"");
        assertThat(Files.size(dir.resolve("timeline.png"))).isPositive();
        assertThat(Files.readString(dir.resolve("summary.md")))
                .contains("| faults survived | 3 of 3 |")
                .contains("| recovery per fault, p50 / max (ms) | 24000 / 30000 |")
                .contains("| duplicates or losses | none (count and checksum equal) |")
                .contains(
                        "| dead letters written / due (malformed + orphan feedback) | 5 / 5 (4 + 1)"
                                + " |")
                .contains("| dead letters for anything else | 0 |")
                .contains("| serving held (no error, every tampered snapshot refused) | yes |");
    }

    @Test
    void aCountOrChecksumThatDiffersIsCalledOut() {
        assertThat(FaultReport.summary(results(1_001, "00000000000000aa")))
                .contains("| duplicates or losses | YES: count or checksum differs |");
        assertThat(FaultReport.summary(results(1_000, "00000000000000ab")))
                .contains("| duplicates or losses | YES: count or checksum differs |");
    }
}
