/**
 * The embedded demo: {@link dev.flowrec.cli.demo.DemoCommand} wires a KRaft broker, the synthetic
 * producer, FlowRecJob on a local Flink runtime, a serving subscriber with a probe set and a
 * dead-letter counter; progress and the report are read through Kafka, the way an operator would
 * see them (manifests carry the trainer's online metrics). Trap: the demo's event time is the wall
 * clock, so label windows and the synthetic delays (compressed 60x) close while it runs.
 */
package dev.flowrec.cli.demo;
