package dev.flowrec.core.config;

/**
 * How M3oE's four structure weights (the sigmoid fusion weights of models.md §2.2) are trained.
 * The reference code's optimiser filter does not exclude them, so they move with every training
 * step and get one extra step per epoch; the design it describes trains them alone, first-order
 * DARTS style, on data the weights have not been trained on (models.md §2.4).
 */
public enum M3oeStructureUpdate implements DescribedEnum {
    REFERENCE_PARITY("reference-parity", "As the reference code runs: the structure weights are in the main "
            + "optimiser and trained on every batch, plus one step of their own Adam on one training batch every "
            + "model.m3oe.structure-step-interval batches (the reference: once per epoch)."),
    FIRST_ORDER("first-order", "As the design intends: the main optimiser leaves the structure weights alone; "
            + "every model.m3oe.structure-step-interval batches their own Adam takes one step on the whole-batch "
            + "loss of the incoming batch, before the model trains on it (so it is held out from every weight).");

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
