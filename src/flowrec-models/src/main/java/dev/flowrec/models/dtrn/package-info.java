/**
 * DTRN (CIKM '23) on an MMoE backbone: {@link dev.flowrec.models.dtrn.DtrnModel} on a DL4J graph
 * built by {@code DtrnGraph}, with two hand-written layers: {@link
 * dev.flowrec.models.dtrn.TaskInterest} (a hypernetwork generating one target-attention unit per
 * task and behaviour sequence, masked softmax pooling) and {@link
 * dev.flowrec.models.dtrn.FieldReweighting} (a per-task SENet over the fields and the task's
 * interests). Both are plain Java, forward and backward by hand, gradient-checked.
 *
 * <p>Traps: the shared experts run on every task's own representation by stacking the M task inputs
 * as extra rows ({@code ReshapeVertex}), since DL4J layers cannot share weights across inputs;
 * sequences share the item rows of the one embedding table, padding is masked (a batch without
 * sequences is all padding, every interest 0); the settings travel in the model state, not in the
 * artifact header.
 */
package dev.flowrec.models.dtrn;
