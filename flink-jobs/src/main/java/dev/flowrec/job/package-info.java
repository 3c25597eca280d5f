/**
 * FlowRec's Flink job: {@link dev.flowrec.job.FlowRecJob} assembles the pipeline (sub-packages
 * {@code intake}, {@code join}, {@code train}, {@code publish}) and {@link
 * dev.flowrec.job.FlinkSettings} the Flink settings its guarantees need (RocksDB, incremental
 * checkpoints, no Kryo). Traps: every TaskManager needs {@code
 * -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events}; the trainer must stay at parallelism
 * 1.
 */
package dev.flowrec.job;
