package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LossCorrection;
import java.util.List;

/**
 * One B3 contender: an emission policy with a loss correction, or the oracle, which trains on each
 * impression's final labels at impression time (impossible in production; the ceiling).
 *
 * @param policy null for the oracle
 */
record LabelMethod(String name, EmissionPolicy policy, LossCorrection correction) {
    static final LabelMethod ORACLE = new LabelMethod("oracle", null, LossCorrection.NONE);
    static final LabelMethod VANILLA =
            new LabelMethod("vanilla", EmissionPolicy.VANILLA, LossCorrection.NONE);

    static final List<LabelMethod> ALL =
            List.of(
                    ORACLE,
                    new LabelMethod("wait", EmissionPolicy.WAIT, LossCorrection.NONE),
                    VANILLA,
                    new LabelMethod(
                            "fake-negative+fnw", EmissionPolicy.FAKE_NEGATIVE, LossCorrection.FNW),
                    new LabelMethod(
                            "fake-negative+fnc", EmissionPolicy.FAKE_NEGATIVE, LossCorrection.FNC),
                    new LabelMethod(
                            "es-dfm (no correction)", EmissionPolicy.ES_DFM, LossCorrection.NONE),
                    new LabelMethod("es-dfm+es-dfm", EmissionPolicy.ES_DFM, LossCorrection.ES_DFM),
                    new LabelMethod("defer+defer", EmissionPolicy.DEFER, LossCorrection.DEFER));

    boolean isOracle() {
        return policy == null;
    }

    /** A file name for the method's saved result. */
    String fileName() {
        return name.replaceAll("[^a-z0-9+-]+", "_") + ".json";
    }
}
