package dev.flowrec.core.config;

/**
 * When the label join emits a task's examples, and with which labels. In the descriptions, c is the
 * impression time, v the feedback time, C the task's observation window and W its attribution
 * window.
 */
public enum EmissionPolicy implements DescribedEnum {
    WAIT(
            "wait",
            "One example at c + W with the final label: unbiased but stale by the whole attribution"
                    + " window."),
    VANILLA(
            "vanilla",
            "One example at c + C with the label seen so far; later feedback is not trained on."),
    FAKE_NEGATIVE(
            "fake-negative",
            "A negative at the impression time c, and a duplicate positive at the feedback time v"
                + " when feedback comes (Ktena et al. 2019; pair with the fnw or fnc correction)."),
    ES_DFM(
            "es-dfm",
            "One example at c + C labelled by the feedback seen within C, and a duplicate positive"
                    + " at v when feedback comes in (C, W] (Yang et al. 2021; pair with the es-dfm"
                    + " correction)."),
    DEFER(
            "defer",
            "The es-dfm observation example, plus a second copy of every impression: a positive at"
                    + " v when it converts within W, else a real negative at c + W (Gu et al. 2021;"
                    + " pair with the defer correction).");

    private final String value;
    private final String description;

    EmissionPolicy(String value, String description) {
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
