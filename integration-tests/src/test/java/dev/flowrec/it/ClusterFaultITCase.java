package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.bench.fault.FaultPlan;
import dev.flowrec.bench.fault.FaultResults;
import dev.flowrec.bench.fault.FaultRun;
import dev.flowrec.bench.fault.StandaloneCluster;
import dev.flowrec.job.FlowRecJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once against real process deaths: the job jar runs on the standalone cluster of
 * deploy/standalone (a JobManager and two TaskManager processes, a Kafka broker process) while a
 * known stream arrives at a steady rate (with malformed records, orphan and duplicate feedback, and
 * impressions sent after their own feedback); TaskManagers running the job are killed with SIGKILL
 * five times (during checkpoints, during snapshot publishes, at random), each replaced by a new
 * process, and then the JobManager is killed, restarted and the job resumed from its newest
 * retained checkpoint. At the end the job is stopped with a drain, which closes every label window,
 * and the newest committed snapshot must name exactly the input's training examples, each once.
 * Then tampered snapshots (garbage, a truncated manifest, a forged version signed with another key,
 * a damaged artifact signed with the right one) are written beside the job's: serving, which scored
 * throughout, must refuse each and never serve one.
 */
class ClusterFaultITCase {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultITCase.class);

    /** Under target/, not a temporary folder: the processes' logs outlive a failed run. */
    private final Path runDir =
            Path.of("target", "cluster-fault-it-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    @Timeout(900)
    void killedProcessesLoseNothingAndRepeatNothing() throws Exception {
        FaultPlan plan =
                new FaultPlan(
                        150,
                        Duration.ofSeconds(70),
                        5,
                        true,
                        20,
                        Long.getLong("flowrec.fault-seed", 20261207L));
        Path repo = Path.of("").toAbsolutePath().getParent();
        FaultResults r;
        try (StandaloneCluster cluster = StandaloneCluster.start(repo, runDir, 2, 2)) {
            r =
                    new FaultRun(plan, FlowRecJob::submitForId, new PrintWriter(System.out, true))
                            .run(cluster);
        }
        LOG.info(
                "Cluster fault test: faults {}; failures recorded {}; examples expected {} trained"
                        + " {}; checksum expected {} trained {}; {} snapshots committed in {}"
                        + " lineages; dead letters {} of {} due; serving {} scores, {} errors;"
                        + " {} s",
                r.faults(),
                r.jobFailuresRecorded(),
                r.examplesExpected(),
                r.examplesTrained(),
                r.checksumExpected(),
                r.checksumTrained(),
                r.snapshotsCommitted(),
                r.lineages(),
                r.deadLetterKeys().size(),
                r.deadLettersExpected(),
                r.servingScores(),
                r.servingErrors(),
                Math.round(r.wallSeconds()));

        assertThat(r.faults()).hasSize(plan.taskManagerKills() + 1);
        assertThat(r.jobFailuresRecorded())
                .as("each TaskManager kill failed the job at least once")
                .isGreaterThanOrEqualTo(plan.taskManagerKills());
        assertThat(r.chainProblems())
                .as("committed versions go +1, each change of lineage a fork of the one before")
                .isEmpty();
        assertThat(r.examplesTrained())
                .as("examples trained in the newest lineage")
                .isEqualTo(r.examplesExpected());
        assertThat(r.checksumTrained())
                .as("each example once: the checksum of the examples trained")
                .isEqualTo(r.checksumExpected());
        assertThat(r.deadLetterKeys())
                .as("the dead-letter topic holds exactly the malformed records and orphan feedback")
                .hasSize((int) r.deadLettersExpected())
                .allMatch(key -> key.startsWith("bad-") || key.startsWith("orphan-"))
                .doesNotHaveDuplicates();
        assertThat(r.orphanFeedbackInjected()).isPositive();
        assertThat(r.duplicateFeedbackInjected()).isPositive();
        assertThat(r.impressionsReordered()).isPositive();
        assertThat(r.servingScores()).as("serving scored throughout").isPositive();
        assertThat(r.servingErrors()).as("serving errors").isZero();
        assertThat(r.snapshotsTampered()).isEqualTo(4);
        assertThat(
                        r.snapshotsRejectedByServing().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .as("serving refused every tampered snapshot: " + r.snapshotsRejectedByServing())
                .isGreaterThanOrEqualTo(r.snapshotsTampered());
        assertThat(
                        r.snapshotsRefusedOnTheTopic().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .as("so does a reader of the whole topic: " + r.snapshotsRefusedOnTheTopic())
                .isGreaterThanOrEqualTo(r.snapshotsTampered());
        assertThat(r.highestVersionServed())
                .as("no tampered version was ever served")
                .isLessThanOrEqualTo(r.newestCommittedVersion());
    }
}
