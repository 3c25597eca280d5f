/**
 * Shared-Bottom: one embedding table for all fields, a shared ReLU MLP, one tower per task. {@link
 * dev.flowrec.models.sharedbottom.SharedBottomModel} is the only type; it is built through {@link
 * dev.flowrec.models.MultiTaskModels}.
 *
 * <p>Traps (DL4J 1.0.0-M2.1): set every layer's {@code nIn} explicitly and never call {@code
 * setInputTypes} on a graph with index inputs (it resets the embedding {@code nIn} to 1); count
 * parameters with {@code params().length()}; workspaces are ENABLED by default and a test checks
 * that NONE gives identical predictions, which every new custom vertex must repeat.
 */
package dev.flowrec.models.sharedbottom;
