package dev.flowrec.serving;

import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;

/**
 * Turns a verified artifact into a model. Runs on the subscriber's thread, never on the request
 * path. The default is {@link MultiTaskModels#fromBytes}; another implementation can warm the model
 * up, or stand in for DL4J in tests.
 */
@FunctionalInterface
public interface ModelLoader {

    /**
     * Loads a model.
     *
     * @throws RuntimeException when the artifact cannot be loaded; the subscriber rejects the
     *     version as {@code LOAD_FAILED} and keeps serving the current model
     */
    MultiTaskModel load(byte[] artifact);

    /** The DL4J loader of the models module. */
    static ModelLoader dl4j() {
        return MultiTaskModels::fromBytes;
    }
}
