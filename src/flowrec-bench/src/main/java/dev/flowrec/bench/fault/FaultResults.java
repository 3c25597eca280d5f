package dev.flowrec.bench.fault;

import dev.flowrec.bench.report.Machine;
import java.util.List;
import java.util.Map;

/**
 * What a fault run saw (results.json of B6). Exactly once holds when the examples trained in the
 * newest committed snapshot equal those expected, count and checksum, the chain of committed
 * versions has no problems, the dead letters are exactly the injected records and serving saw no
 * error. Serving held when it refused every tampered snapshot (a reader of the whole topic refuses
 * as many) and never scored with a version above the newest committed one.
 */
public record FaultResults(
        String benchmark,
        String startedAt,
        Machine machine,
        FaultPlan plan,
        double wallSeconds,
        List<Fault> faults,
        int jobFailuresRecorded,
        long examplesExpected,
        long examplesTrained,
        String checksumExpected,
        String checksumTrained,
        int snapshotsCommitted,
        int lineages,
        List<String> chainProblems,
        long deadLettersInjected,
        long orphanFeedbackInjected,
        long duplicateFeedbackInjected,
        long impressionsReordered,
        List<String> deadLetterKeys,
        long servingScores,
        long servingErrors,
        String firstServingError,
        Map<String, Long> snapshotsRejectedByServing,
        int snapshotsTampered,
        Map<String, Long> snapshotsRefusedOnTheTopic,
        long newestCommittedVersion,
        long highestVersionServed,
        List<Sample> timeline) {

    /**
     * One fault.
     *
     * @param atSeconds when, since the run started
     * @param process the process killed (a TaskManager's pid file name, or "jobmanager")
     * @param moment what the job was doing: during a checkpoint, during a snapshot publish, or at a
     *     random moment
     * @param recoveryMillis from the kill until every task of the job ran again
     */
    public record Fault(double atSeconds, String process, String moment, long recoveryMillis) {}

    /**
     * The run once a second, counts since the stream started.
     *
     * @param eventsSent records produced to the input topics
     * @param eventsCommitted input records the job read as of its last completed checkpoint (the
     *     offsets it commits then); -1 while unknown
     * @param servingVersion the version the serving probe scores with, 0 before the first
     * @param servedExamples examples the served model was trained on
     */
    public record Sample(
            double seconds,
            long eventsSent,
            long eventsCommitted,
            long servingVersion,
            long servedExamples) {}

    /** Whether every example was trained exactly once: count and checksum. */
    public boolean exactlyOnce() {
        return examplesTrained == examplesExpected && checksumTrained.equals(checksumExpected);
    }

    /** Whether serving refused the tampered snapshots and never served one. */
    public boolean servingHeld() {
        long refused =
                snapshotsRejectedByServing.values().stream().mapToLong(Long::longValue).sum();
        return servingErrors == 0
                && refused >= snapshotsTampered
                && highestVersionServed <= newestCommittedVersion;
    }

    /** Dead letters that do not name an injected bad record or orphan feedback. */
    public long deadLettersNotInjected() {
        return deadLetterKeys.stream()
                .filter(k -> !k.startsWith("bad-") && !k.startsWith("orphan-"))
                .count();
    }

    /** Dead letters due: every malformed record and every orphan feedback. */
    public long deadLettersExpected() {
        return deadLettersInjected + orphanFeedbackInjected;
    }
}
