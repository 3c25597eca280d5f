/**
 * Forward passes for serving: {@link dev.flowrec.models.inference.Inference}, which any number of
 * threads may call at once, made by {@code MultiTaskModel#inference()} from the parameters of that
 * moment. Every model has {@link dev.flowrec.models.inference.ReplicaInference} (a pool of DL4J
 * copies); AutoIFS computes outside DL4J with {@link dev.flowrec.models.inference.DenseProduct}s on
 * OpenBLAS, because DL4J's per-operation overhead, not arithmetic, sets its one-example latency.
 * {@link dev.flowrec.models.inference.BlasThreads} is OpenBLAS's process-wide thread count, which a
 * server sets to one per call.
 */
package dev.flowrec.models.inference;
