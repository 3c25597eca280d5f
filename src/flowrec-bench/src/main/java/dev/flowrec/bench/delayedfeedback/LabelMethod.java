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
record B3Method(String name, EmissionPolicy policy, LossCorrection correction) {
    static final B3Method ORACLE = new B3Method("oracle", null, LossCorrection.NONE);
    static final B3Method VANILLA = new B3Method("vanilla", EmissionPolicy.VANILLA, LossCorrection.NONE);

    static final List<B3Method> ALL = List.of(ORACLE,
            new B3Method("wait", EmissionPolicy.WAIT, LossCorrection.NONE),
            VANILLA,
            new B3Method("fake-negative+fnw", EmissionPolicy.FAKE_NEGATIVE, LossCorrection.FNW),
            new B3Method("fake-negative+fnc", EmissionPolicy.FAKE_NEGATIVE, LossCorrection.FNC),
            new B3Method("es-dfm (no correction)", EmissionPolicy.ES_DFM, LossCorrection.NONE),
            new B3Method("es-dfm+es-dfm", EmissionPolicy.ES_DFM, LossCorrection.ES_DFM),
            new B3Method("defer+defer", EmissionPolicy.DEFER, LossCorrection.DEFER));

    boolean isOracle() {
        return policy == null;
    }

    /** A file name for the method's saved result. */
    String fileName() {
        return name.replaceAll("[^a-z0-9+-]+", "_") + ".json";
    }
}
