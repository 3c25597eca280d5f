/**
 * MMoE (Ma et al., KDD 2018) and the one-level mixture-of-experts graph it shares with PLE ({@link
 * dev.flowrec.models.mmoe.ExpertMixtureModel}, {@link dev.flowrec.models.mmoe.ExpertLayout}).
 * Models are built through {@link dev.flowrec.models.MultiTaskModels}.
 *
 * <p>The per-example gated sum is {@link dev.flowrec.models.mmoe.MixtureVertex}, a plain Java graph
 * vertex (no SameDiff, so none of M2.1's SameDiff vertex bugs: doubled gradients, wrong gradients
 * under workspaces), checked by DL4J's gradient checker in double precision and by an
 * ENABLED-vs-NONE workspace test.
 */
package dev.flowrec.models.mmoe;
