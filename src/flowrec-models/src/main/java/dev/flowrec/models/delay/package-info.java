/**
 * Training with delayed feedback: {@link dev.flowrec.models.delay.DelayModel}, the small auxiliary
 * model of ES-DFM and DEFER (dp and tn per task, learnt from final labels), {@link
 * dev.flowrec.models.delay.DelayCorrection}, the trainer's loss weighting, and {@link
 * dev.flowrec.models.delay.DelayedFeedbackTrainer}, which routes the join's stream (training
 * examples to the trainer, final labels to the delay model and the final-label view) and
 * checkpoints all of it. The main models are untouched: corrections reach them only as weights.
 */
package dev.flowrec.models.delay;
