/**
 * PLE (Tang et al., RecSys 2020) with one extraction level (CGC), built on the mixture-of-experts
 * graph of {@link dev.flowrec.models.mmoe.ExpertMixtureModel}. Built through {@link
 * dev.flowrec.models.MultiTaskModels}.
 */
package dev.flowrec.models.ple;
