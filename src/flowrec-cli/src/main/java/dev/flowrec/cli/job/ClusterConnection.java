package dev.flowrec.cli.job;

import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;

/** A REST client of one Flink cluster, closed after use. */
record ClusterConnection(RestClusterClient<StandaloneClusterId> client) implements AutoCloseable {

    static ClusterConnection open(JobManagerOption jobManager) throws Exception {
        return new ClusterConnection(
                new RestClusterClient<>(
                        jobManager.clientConfiguration(), StandaloneClusterId.getInstance()));
    }

    @Override
    public void close() {
        client.close();
    }
}
