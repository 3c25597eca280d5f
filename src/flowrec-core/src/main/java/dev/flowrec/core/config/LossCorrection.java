package dev.flowrec.core.config;

import java.util.Set;

/**
 * How the trainer corrects a task's loss for the bias of its emission policy: FNW and FNC from
 * Ktena et al. (RecSys 2019), ES-DFM from Yang et al. (AAAI 2021), DEFER from Gu et al. (KDD 2021).
 * Each correction is only valid with the policies whose label distribution it was derived for.
 */
public enum LossCorrection implements DescribedEnum {
    NONE("none", "Plain cross-entropy on the labels as emitted.", Set.of(EmissionPolicy.values())),
    FNW(
            "fnw",
            "Fake-negative weighting: positives weighted 1+p, negatives (1-p)(1+p), p the model's"
                    + " own stop-gradient prediction.",
            Set.of(EmissionPolicy.FAKE_NEGATIVE)),
    FNC(
            "fnc",
            "Fake-negative calibration: plain cross-entropy learns q = p/(1+p); serving answers p ="
                    + " q/(1-q) (the transform travels in the snapshot manifest).",
            Set.of(EmissionPolicy.FAKE_NEGATIVE)),
    ES_DFM(
            "es-dfm",
            "ES-DFM importance weights from an auxiliary delay model: positives 1+dp, negatives "
                    + "(1+dp)·tn.",
            Set.of(EmissionPolicy.ES_DFM)),
    DEFER(
            "defer",
            "DEFER importance weights from the auxiliary delay model: positives p/(p-dp/2),"
                    + " negatives (1-p)/(1-p+dp/2).",
            Set.of(EmissionPolicy.DEFER));

    private final String value;
    private final String description;
    private final Set<EmissionPolicy> policies;

    LossCorrection(String value, String description, Set<EmissionPolicy> policies) {
        this.value = value;
        this.description = description;
        this.policies = policies;
    }

    /** True when this correction was derived for the label distribution that policy emits. */
    public boolean fits(EmissionPolicy policy) {
        return policies.contains(policy);
    }

    /** True when the correction needs the auxiliary delay model's dp and tn. */
    public boolean needsDelayModel() {
        return this == ES_DFM || this == DEFER;
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
