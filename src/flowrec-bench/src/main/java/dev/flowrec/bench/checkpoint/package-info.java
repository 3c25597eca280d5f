/**
 * What a trainer checkpoint costs at the default model size: its bytes, and how long the task
 * thread is held while Flink takes it.
 */
package dev.flowrec.bench.checkpoint;
