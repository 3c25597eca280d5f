package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasedBufferCollectorTest {
    @Test
    void collectsOnceEveryThresholdOfExamplesWhateverTheBatchSizes() {
        ReleasedBufferCollector collector = new ReleasedBufferCollector(100);
        List<Integer> collectedAt = new ArrayList<>();
        int seen = 0;
        for (int batch : new int[] {40, 40, 40, 10, 90, 1, 200, 5}) {
            seen += batch;
            if (collector.processed(batch)) {
                collectedAt.add(seen);
            }
        }

        // 120 reaches 100; 10 + 90 = 100 more; then 1 + 200 = 201.
        assertThat(collectedAt).containsExactly(120, 220, 421);
        assertThatThrownBy(() -> new ReleasedBufferCollector(0)).hasMessageContaining("at least 1");
    }
}
