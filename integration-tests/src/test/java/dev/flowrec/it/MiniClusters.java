package dev.flowrec.it;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink runtime the job tests run on. */
final class MiniClusters {
    private MiniClusters() {}

    /** One TaskManager with two slots: the job at parallelism 2, its trainer in one of them. */
    static MiniClusterExtension twoSlots() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
