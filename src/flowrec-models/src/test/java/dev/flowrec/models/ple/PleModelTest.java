package dev.flowrec.models.ple;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.mmoe.ExpertLayout;
import dev.flowrec.models.mmoe.ExpertMixtureModel;
import dev.flowrec.models.mmoe.ExpertMixtureModelContract;
import org.deeplearning4j.nn.conf.WorkspaceMode;

class PleModelTest extends ExpertMixtureModelContract {

    @Override
    protected ModelType type() {
        return ModelType.PLE;
    }

    @Override
    protected ExpertLayout layout() {
        return PleModel.LAYOUT;
    }

    @Override
    protected ExpertMixtureModel create(ModelSettings settings, WorkspaceMode mode) {
        return PleModel.create(settings, mode);
    }

    @Override
    protected ExpertMixtureModel restore(ModelArtifact artifact) {
        return PleModel.restore(artifact);
    }

    @Override
    protected long handCountedParameters() {
        // 4 fields x 32 rows x 8 dims; 2 shared + 2 x 2 specific experts 32 -> 32 -> 16; per task a
        // gate 32 -> 4 (2 own + 2 shared) and a tower 16 -> 8 -> 1.
        long expert = (32 * 32 + 32) + (32 * 16 + 16);
        return 128 * 8 + 6 * expert + 2 * (32 * 4 + 4) + 2 * ((16 * 8 + 8) + (8 + 1));
    }
}
