package dev.flowrec.bench.fault;

import java.time.Duration;

/**
 * What a fault run does: a stream of this rate and length with bad records among it, and the
 * processes it kills while the stream runs.
 *
 * @param impressionsPerSecond the steady rate of the synthetic stream
 * @param stream how long the stream runs
 * @param taskManagerKills how many times a TaskManager running the job is killed with SIGKILL
 * @param jobManagerRestart whether the JobManager is killed too, after the TaskManagers, and the
 *     job resubmitted from its newest retained checkpoint
 * @param badRecords malformed records injected among the events
 * @param seed the stream's and the victims' random seed
 */
public record FaultPlan(
        double impressionsPerSecond,
        Duration stream,
        int taskManagerKills,
        boolean jobManagerRestart,
        int badRecords,
        long seed) {

    public FaultPlan {
        if (impressionsPerSecond <= 0 || stream.isNegative() || stream.isZero()) {
            throw new IllegalArgumentException("a fault run needs a positive rate and duration");
        }
        if (taskManagerKills < 0 || badRecords < 0) {
            throw new IllegalArgumentException("kills and bad records cannot be negative");
        }
    }

    /** The faults in order: TaskManager kills, then the JobManager restart if planned. */
    int faults() {
        return taskManagerKills + (jobManagerRestart ? 1 : 0);
    }
}
