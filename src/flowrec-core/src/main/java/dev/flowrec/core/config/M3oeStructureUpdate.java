package dev.flowrec.core.config;

/**
 * How M3oE's four structure weights are trained: the scalars α_d, α_t, β_d, β_t, each through a
 * sigmoid, that weight the domain and task modules in its two-level fusion. The reference code's
 * optimiser filter (Python's {@code ~} on a bool, which is always truthy) does not exclude them, so
 * they move with every training step and get one extra step per epoch; the design it describes (the
 * paper's DARTS-style structure search; the code calls that extra step's batch a validation batch
 * but draws it from the training data) trains them alone, first-order DARTS style, on data the
 * weights have not been trained on.
 */
public enum M3oeStructureUpdate implements DescribedEnum {
    REFERENCE_PARITY(
            "reference-parity",
            "As the reference code runs: the structure weights are in the main optimiser and"
                + " trained on every batch, plus one step of their own Adam on one training batch"
                + " every model.m3oe.structure-step-interval batches (the reference: once per"
                + " epoch)."),
    FIRST_ORDER(
            "first-order",
            "As the design intends: the main optimiser leaves the structure weights alone; every"
                + " model.m3oe.structure-step-interval batches their own Adam takes one step on the"
                + " whole-batch loss of the incoming batch, before the model trains on it (so it is"
                + " held out from every weight).");

    private final String value;
    private final String description;

    M3oeStructureUpdate(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String description() {
        return description;
    }
}
