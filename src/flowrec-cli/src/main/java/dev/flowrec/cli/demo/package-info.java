/**
 * The embedded demo: {@link dev.flowrec.cli.demo.DemoCommand} wires a KRaft broker, a producer
 * replaying a data set ({@code --dataset}: the synthetic generator by default, or MovieLens-1M),
 * FlowRecJob on a local Flink runtime configured from the data set's description, a serving
 * subscriber with a probe set and a dead-letter counter; progress and the report are read through
 * Kafka, the way an operator would see them (manifests carry the trainer's online metrics). Traps:
 * the synthetic stream's event time is the wall clock, so its label windows and delays (compressed
 * 60x) close while it runs; MovieLens keeps its recorded event times (2000 to 2003) and is paced by
 * impression count, so its label lag reads in event time, not in seconds of the run.
 */
package dev.flowrec.cli.demo;
