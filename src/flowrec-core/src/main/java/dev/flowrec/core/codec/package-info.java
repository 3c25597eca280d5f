/**
 * The wire format of every topic: Avro single-object encoding with a schema store of every shipped
 * schema version ({@link dev.flowrec.core.codec.EventCodec}). Trap: JVMs that decode generated
 * classes need {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events} (Avro 1.12's
 * class security check); the launcher, test forks and TaskManagers set it.
 */
package dev.flowrec.core.codec;
