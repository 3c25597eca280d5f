/**
 * The synthetic data set, the demo's default: {@link dev.flowrec.data.synthetic.SyntheticGenerator}
 * turns a {@link dev.flowrec.data.synthetic.SyntheticConfig} into a reproducible,
 * event-time-ordered {@link dev.flowrec.data.stream.EventStream}: Avro impressions with their true
 * probabilities and final labels, interleaved with click and conversion feedback at log-normal
 * delays. The true model is a sum of {@link dev.flowrec.data.synthetic.EffectGroup}s per scenario x
 * task, with some groups pure noise for some cells, so benchmark B2 can report the Bayes-optimal
 * ceiling and show whether information-flow selection helps.
 *
 * <p>Traps: delays in the configuration are real-world and get divided by the time compression,
 * while the impression rate is already event time; a bounded stream still emits the feedback of its
 * last impressions after them, so it ends later than the last impression; the true probabilities
 * and labels on {@code StreamEvent.ImpressionEvent} are for evaluation only and must never be
 * published as features.
 */
package dev.flowrec.data.synthetic;
