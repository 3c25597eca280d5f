/**
 * Intake of raw records: {@link dev.flowrec.core.event.EventReader} decodes and validates
 * impressions and feedback and returns an {@link dev.flowrec.core.event.Intake}, accepted or with
 * the dead-letter reason. It never throws on bad input: the job must keep running.
 */
package dev.flowrec.core.event;
