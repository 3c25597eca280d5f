/**
 * M3oE (SIGIR '24): {@link dev.flowrec.models.m3oe.M3oeModel} on a DL4J graph built by {@code
 * M3oeGraph}, with three hand-written pieces DL4J lacks: the STAR-style {@link
 * dev.flowrec.models.m3oe.DomainAwareLinear} layer, the {@link
 * dev.flowrec.models.m3oe.TwoLevelFusion} layer that owns the four shared structure weights, and
 * the stop-gradient {@link dev.flowrec.models.m3oe.DetachVertex} in front of the gates. All three
 * are plain Java (forward and backward by hand, checked against DL4J's gradient checker), not
 * SameDiff, so they work under workspaces and need no gradient halving (DL4J 1.0.0-M2.1's SameDiff
 * vertex returns twice the gradient and computes wrong gradients under workspaces).
 *
 * <p>Traps: the structure weights are one parameter shared by all pairs, which is why the fusion is
 * a single layer over a merged input; the loss is a sum of group means, carried by per-example
 * weights (see M3oeModel); DL4J's Linear+LayerNorm has no pre-normalisation bias, so the parameter
 * count is the reference's minus one never-learning bias per block.
 */
package dev.flowrec.models.m3oe;
