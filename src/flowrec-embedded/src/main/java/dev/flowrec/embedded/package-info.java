/**
 * A real Kafka broker inside the JVM for the demo and integration tests: {@link
 * dev.flowrec.embedded.EmbeddedKafka}. Trap: the fixed-port binding reaches into the 4.2.x test
 * kit's internals and must be rechecked on every Kafka upgrade.
 */
package dev.flowrec.embedded;
