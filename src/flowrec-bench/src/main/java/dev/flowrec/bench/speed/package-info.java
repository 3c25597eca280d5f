/**
 * Benchmark B4, training and serving speed: {@link dev.flowrec.bench.speed.SpeedBenchmark} times
 * every model on the same MovieLens-1M batches in one run ({@code SpeedProbe}: training steps,
 * scoring at batch 1, 64 and 1024, single-request latency, and ND4J's GEMM throughput as the
 * machine's ceiling) and records memory ({@code ProcessMemory}); {@link
 * dev.flowrec.bench.speed.SpeedTable} renders the per-model table that B1's report repeats. Trap:
 * figures are wall-clock on a shared machine, so only ratios within one run compare.
 */
package dev.flowrec.bench.speed;
