/**
 * The keyed label join operator ({@link dev.flowrec.job.join.LabelJoinFunction}); its rules live in
 * {@code dev.flowrec.core.label}, its state is one Avro {@code JoinState} per impression id in
 * RocksDB.
 */
package dev.flowrec.job.join;
