/**
 * B6, faults: the whole pipeline on the standalone cluster of deploy/standalone ({@link
 * dev.flowrec.bench.fault.StandaloneCluster}), a steady stream with bad records ({@link
 * dev.flowrec.bench.fault.FaultStream}), processes killed while it runs and a serving replica
 * scoring throughout ({@link dev.flowrec.bench.fault.FaultRun}). The same run is the cluster fault
 * integration test's, which asserts on its {@link dev.flowrec.bench.fault.FaultResults}; {@code
 * flowrec bench b6} writes it as a report. Unlike the other benchmarks it talks to Kafka and to
 * processes; it stays free of Flink's classes, the job being submitted through a {@link
 * dev.flowrec.bench.fault.JobSubmitter}.
 */
package dev.flowrec.bench.fault;
