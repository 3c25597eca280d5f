package dev.flowrec.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optional capability of a {@link MultiTaskModel} that selects information flows per instance
 * (AutoIFS, WSDM '26): how often, among its recent predictions, each scenario × task cell kept each
 * of the four flows. The training job puts this into snapshot manifests; callers test for it with
 * {@code instanceof}, since most models have no flows to report. Not thread-safe, like the model:
 * call it on the thread that scores.
 */
public interface FlowSelectionReport {

    /**
     * The four flows in gate order: scenario-shared → task-shared, scenario-specific →
     * task-specific, scenario-shared → task-specific, scenario-specific → task-shared.
     */
    List<String> FLOWS =
            List.of("shared-shared", "specific-specific", "shared-specific", "specific-shared");

    /**
     * Keep shares per cell, keyed {@code "scenario/task"} with the names of {@link
     * ModelSettings#space()}, in scenario then task order; cells without recent predictions are
     * left out. The window per cell is bounded, so the shares describe recent traffic, not all of
     * it.
     */
    Map<String, FlowKeepShares> flowKeepShares();

    /**
     * Of the {@code instances} most recent predictions of one scenario × task cell, the share that
     * kept each flow (its gate was 0, i.e. the flow was not removed), in {@link #FLOWS} order.
     */
    record FlowKeepShares(
            int instances,
            double sharedShared,
            double specificSpecific,
            double sharedSpecific,
            double specificShared) {

        /** Shares keyed by the names in {@link #FLOWS}, in that order. */
        public Map<String, Double> asMap() {
            LinkedHashMap<String, Double> out = new LinkedHashMap<>();
            out.put(FLOWS.get(0), sharedShared);
            out.put(FLOWS.get(1), specificSpecific);
            out.put(FLOWS.get(2), sharedSpecific);
            out.put(FLOWS.get(3), specificShared);
            return Collections.unmodifiableMap(out);
        }
    }
}
