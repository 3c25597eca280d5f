package dev.flowrec.models;

/**
 * A model type's own settings, besides the shared ones of {@link ModelSettings}: they live in the
 * model's package (AutoIFS's {@code model.autoifs.*}, M3oE's {@code model.m3oe.*}), are built by
 * its {@link Architecture} from configuration, and travel in its artifact's state block. Values:
 * immutable, with {@code equals}.
 */
public interface ArchitectureSettings {
    /** The settings of a model type that has none of its own. */
    ArchitectureSettings NONE = new None();

    /** See {@link #NONE}. */
    record None() implements ArchitectureSettings {
        @Override
        public String toString() {
            return "none";
        }
    }
}
