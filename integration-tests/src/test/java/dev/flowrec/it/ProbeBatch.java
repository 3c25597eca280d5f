package dev.flowrec.it;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.events.Impression;
import dev.flowrec.models.MultiTaskModel;
import java.util.List;

/** Impressions as an unlabelled batch for a model, to compare two models' scores. */
final class ProbeBatch {
    private ProbeBatch() {}

    static Batch of(List<Impression> impressions, MultiTaskModel model) {
        int tasks = model.settings().space().taskCount();
        return Batch.of(
                impressions.stream()
                        .map(
                                i ->
                                        new EncodedExample(
                                                model.settings().features().encode(i),
                                                model.settings()
                                                        .space()
                                                        .scenarioIndex(i.getScenario()),
                                                new float[tasks],
                                                new float[tasks]))
                        .toList());
    }
}
