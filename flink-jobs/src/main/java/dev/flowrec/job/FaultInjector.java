package dev.flowrec.job;

import java.io.Serializable;

/**
 * Where failure-injection tests make the job's operators fail, as a crash at that point would: the
 * label join before each impression, feedback and timer, the trainer before each example. A job
 * attached without one ({@link #NONE}) never fails on purpose; the exactly-once guarantees are
 * proven by tests that attach one which throws at chosen calls.
 */
@FunctionalInterface
public interface FaultInjector extends Serializable {

    /** Injects nothing. */
    FaultInjector NONE = point -> {};

    /**
     * Called at each point; what it throws fails the task.
     *
     * @param point {@code join} or {@code trainer}
     */
    void at(String point) throws Exception;
}
