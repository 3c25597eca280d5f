package dev.flowrec.models.mmoe;

/**
 * How many experts a one-level mixture-of-experts network has: {@code shared} experts that every
 * task's gate sees, and {@code specificPerTask} experts that only their own task's gate sees. MMoE
 * is {@code (4, 0)}; PLE's single extraction level (CGC) is {@code (2, 2)}.
 */
public record ExpertLayout(int shared, int specificPerTask) {

    public ExpertLayout {
        if (shared < 0 || specificPerTask < 0 || shared + specificPerTask < 1) {
            throw new IllegalArgumentException(
                    "expert counts must be non-negative with at least one expert per "
                            + "gate, got shared="
                            + shared
                            + " specificPerTask="
                            + specificPerTask);
        }
    }

    /** Experts each task's gate mixes: its own specific ones, then the shared ones. */
    public int expertsPerGate() {
        return shared + specificPerTask;
    }

    /** All experts in a network with {@code tasks} tasks. */
    public int totalExperts(int tasks) {
        return shared + specificPerTask * tasks;
    }
}
