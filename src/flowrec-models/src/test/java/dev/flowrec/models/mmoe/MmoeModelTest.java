package dev.flowrec.models.mmoe;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import org.deeplearning4j.nn.conf.WorkspaceMode;

class MmoeModelTest extends ExpertMixtureModelContract {

    @Override
    protected ModelType type() {
        return ModelType.MMOE;
    }

    @Override
    protected ExpertLayout layout() {
        return MmoeModel.LAYOUT;
    }

    @Override
    protected ExpertMixtureModel create(ModelSettings settings, WorkspaceMode mode) {
        return MmoeModel.create(settings, mode);
    }

    @Override
    protected ExpertMixtureModel restore(ModelArtifact artifact) {
        return MmoeModel.restore(artifact);
    }

    @Override
    protected long handCountedParameters() {
        // 4 fields x 32 rows x 8 dims; 4 experts 32 -> 32 -> 16; per task a gate 32 -> 4 and a
        // tower 16 -> 8 -> 1.
        long expert = (32 * 32 + 32) + (32 * 16 + 16);
        return 128 * 8 + 4 * expert + 2 * (32 * 4 + 4) + 2 * ((16 * 8 + 8) + (8 + 1));
    }
}
