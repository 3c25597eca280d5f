/**
 * Model input in flat arrays: {@link dev.flowrec.core.batch.EncodedExample} and {@link
 * dev.flowrec.core.batch.Batch}.
 */
package dev.flowrec.core.batch;
