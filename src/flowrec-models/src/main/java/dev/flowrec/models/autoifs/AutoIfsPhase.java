package dev.flowrec.models.autoifs;

/**
 * Training phase of an AutoIFS model: the reference code searches (soft gates) and then retrains
 * (hard gates); the streaming form does the same over a window of examples instead of epochs. The
 * byte codes are part of the persisted model state: never renumber them.
 */
public enum AutoIfsPhase {
    /** Soft gates σ(τw); the gate network trains with its own Adam; the main model trains too. */
    SEARCH((byte) 1),
    /** Hard gates 1[w > 0] from the frozen gate network; only the main model trains. */
    RETRAIN((byte) 2);

    final byte code;

    AutoIfsPhase(byte code) {
        this.code = code;
    }

    static AutoIfsPhase of(byte code) {
        for (AutoIfsPhase p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown AutoIFS phase code " + code);
    }
}
