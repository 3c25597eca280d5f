package dev.flowrec.data.synthetic;

/**
 * The four groups of effects that make up a synthetic cell's logit, one per kind of information
 * flow a multi-scenario multi-task model can route (AutoIFS selects among exactly these). Each
 * group is a sum of roughly unit-variance terms; a cell weighs the groups, and a weight of zero
 * makes that group pure noise for the cell (see {@link SyntheticGenerator#noiseFlows()}).
 */
public enum EffectGroup {
    /** Shared by every scenario and task: the user-item factor match {@code u . v}. */
    SHARED,
    /**
     * Specific to the scenario, shared by its tasks: a per-scenario factor match, a user segment x
     * item category affinity and a device effect.
     */
    SCENARIO_SPECIFIC,
    /**
     * Specific to the task, shared by the scenarios: for clicks an item attractiveness and a
     * click-specific factor match; for conversions an item quality, the segment's price sensitivity
     * and a conversion-specific factor match.
     */
    TASK_SPECIFIC,
    /** Specific to one scenario x task cell: a cell-private factor match. */
    CELL_SPECIFIC
}
