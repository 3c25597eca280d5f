/**
 * Intake operators: Kafka records kept raw ({@link dev.flowrec.job.intake.RawRecordDeserializer}),
 * then decoded and validated ({@link dev.flowrec.job.intake.DecodeEvents}) with bad records sent to
 * the dead-letter side output ({@link dev.flowrec.job.intake.DeadLetters}).
 */
package dev.flowrec.job.intake;
