package dev.flowrec.models.autoifs;

import dev.flowrec.models.FlowSelectionReport.FlowKeepShares;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per scenario × task cell, which flows the recent predictions kept. Each cell holds a ring
 * of its last {@code window} instances (one byte each, bit j set when flow j was kept) and the four
 * running counts, so memory is bounded by cells × window bytes and a report costs O(cells). Nothing
 * here is persisted: a restored model starts with empty windows. Not thread-safe.
 */
final class FlowKeepTracker {
    static final int FLOWS = 4;

    private final List<String> scenarios;
    private final List<String> tasks;
    private final int window;
    private final byte[][] rings;
    private final int[] next;
    private final int[] filled;
    private final int[][] kept;

    FlowKeepTracker(List<String> scenarios, List<String> tasks, int window) {
        this.scenarios = List.copyOf(scenarios);
        this.tasks = List.copyOf(tasks);
        this.window = window;
        int cells = scenarios.size() * tasks.size();
        this.rings = new byte[cells][];
        this.next = new int[cells];
        this.filled = new int[cells];
        this.kept = new int[cells][FLOWS];
    }

    /**
     * Records one batch: {@code scores[i * 4 * tasks + 4 * m + j]} is example i's raw gate score
     * for task m and flow j; a flow is kept when its score is not positive, which is the pruning
     * function 1[w > 0] of the retrain phase (and σ(τw) ≤ 0.5 during search).
     */
    void record(int[] scenarioOfExample, float[] scores) {
        int taskCount = tasks.size();
        for (int i = 0; i < scenarioOfExample.length; i++) {
            for (int m = 0; m < taskCount; m++) {
                int base = i * FLOWS * taskCount + FLOWS * m;
                int bits = 0;
                for (int j = 0; j < FLOWS; j++) {
                    if (!(scores[base + j] > 0f)) {
                        bits |= 1 << j;
                    }
                }
                add(scenarioOfExample[i] * taskCount + m, (byte) bits);
            }
        }
    }

    private void add(int cell, byte bits) {
        if (rings[cell] == null) {
            // Allocated on first use: a cell that never occurs costs nothing.
            rings[cell] = new byte[window];
        }
        byte[] ring = rings[cell];
        int slot = next[cell];
        if (filled[cell] == window) {
            count(cell, ring[slot], -1);
        } else {
            filled[cell]++;
        }
        ring[slot] = bits;
        count(cell, bits, +1);
        next[cell] = slot + 1 == window ? 0 : slot + 1;
    }

    private void count(int cell, byte bits, int delta) {
        for (int j = 0; j < FLOWS; j++) {
            if ((bits & (1 << j)) != 0) {
                kept[cell][j] += delta;
            }
        }
    }

    Map<String, FlowKeepShares> shares() {
        Map<String, FlowKeepShares> out = new LinkedHashMap<>();
        for (int k = 0; k < scenarios.size(); k++) {
            for (int m = 0; m < tasks.size(); m++) {
                int cell = k * tasks.size() + m;
                int n = filled[cell];
                if (n == 0) {
                    continue;
                }
                int[] c = kept[cell];
                out.put(
                        scenarios.get(k) + "/" + tasks.get(m),
                        new FlowKeepShares(
                                n,
                                (double) c[0] / n,
                                (double) c[1] / n,
                                (double) c[2] / n,
                                (double) c[3] / n));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
