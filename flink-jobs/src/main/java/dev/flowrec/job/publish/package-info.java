/**
 * Publishing: the trainer's snapshot records and the dead letters leave the job through
 * exactly-once Kafka sinks in FlowRec's wire format ({@link
 * dev.flowrec.job.publish.KeyedAvroSerializer}).
 */
package dev.flowrec.job.publish;
