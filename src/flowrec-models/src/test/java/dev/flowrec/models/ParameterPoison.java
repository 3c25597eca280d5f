package dev.flowrec.models;

/** Puts a NaN into a model's live parameters, as a diverged step would. */
public final class ParameterPoison {
    private ParameterPoison() {}

    /** Works on the models built as one DL4J graph ({@link GraphModel}). */
    public static void poison(MultiTaskModel model) {
        ((GraphModel) model).graph().params().putScalar(0, Double.NaN);
    }
}
