package dev.flowrec.core.label;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.events.EmitKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The emissions one task's policy makes for an impression at {@code c} given what is known of its
 * feedback ({@code v}, null while none came), with observation window {@code C} and attribution
 * window {@code W} in milliseconds. Every policy also emits the final label at {@code c + W}, which
 * only evaluation and the delay model use. Steps whose condition can still change (a negative that
 * feedback could turn) are planned only for times feedback can no longer reach: feedback with
 * {@code v <= c + W} arriving after {@code c + W} has passed is late.
 */
final class EmissionPlan {
    static final String OBSERVED = "observed";
    static final String DELAYED = "delayed";
    static final String FAKE_NEGATIVE = "fake-negative";
    static final String COPY = "copy";
    static final String FINAL = "final";

    private EmissionPlan() {}

    static List<Emission> of(
            int task, EmissionPolicy policy, long c, Long v, long observation, long attribution) {
        List<Emission> out = new ArrayList<>(3);
        long endC = c + observation;
        long endW = c + attribution;
        boolean inC = v != null && v <= endC;
        switch (policy) {
            case WAIT -> out.add(labelled(task, OBSERVED, endW, v != null, EmitKind.OBSERVED, v));
            case VANILLA -> out.add(labelled(task, OBSERVED, endC, inC, EmitKind.OBSERVED, v));
            case FAKE_NEGATIVE -> {
                out.add(new Emission(task, FAKE_NEGATIVE, c, 0, EmitKind.FAKE_NEGATIVE, null));
                if (v != null) {
                    out.add(new Emission(task, DELAYED, v, 1, EmitKind.DELAYED_POSITIVE, v));
                }
            }
            case ES_DFM -> {
                out.add(labelled(task, OBSERVED, endC, inC, EmitKind.OBSERVED, v));
                if (v != null && !inC) {
                    out.add(new Emission(task, DELAYED, v, 1, EmitKind.DELAYED_POSITIVE, v));
                }
            }
            case DEFER -> {
                out.add(labelled(task, OBSERVED, endC, inC, EmitKind.OBSERVED, v));
                out.add(
                        v != null
                                ? new Emission(task, COPY, v, 1, EmitKind.DELAYED_POSITIVE, v)
                                : new Emission(task, COPY, endW, 0, EmitKind.REAL_NEGATIVE, null));
            }
        }
        out.add(labelled(task, FINAL, endW, v != null, EmitKind.FINAL, v));
        return out;
    }

    private static Emission labelled(
            int task, String step, long due, boolean positive, EmitKind kind, Long v) {
        return new Emission(task, step, due, positive ? 1 : 0, kind, positive ? v : null);
    }
}
