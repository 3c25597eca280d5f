package dev.flowrec.models.autoifs;

import java.util.Locale;

/**
 * Training phase of an AutoIFS model: the reference code searches (soft gates) and then retrains
 * (hard gates); the streaming form does the same over a window of examples instead of epochs. The
 * lower-case names are part of the persisted model state: never rename them.
 */
public enum AutoIfsPhase {
    /** Soft gates σ(τw); the gate network trains with its own Adam; the main model trains too. */
    SEARCH,
    /** Hard gates 1[w > 0] from the frozen gate network; only the main model trains. */
    RETRAIN;

    /** The name stored in the model state. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AutoIfsPhase of(String value) {
        for (AutoIfsPhase p : values()) {
            if (p.value().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown AutoIFS phase '" + value + "'");
    }
}
