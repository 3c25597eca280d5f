/**
 * Operators that close event time themselves when their input ends. A drain ({@code stop --drain})
 * or the end of a bounded input must fire every event-time timer, since that is what closes the
 * last label windows and publishes the last model. Flink 2.2 sends the final watermark only from a
 * source that is active: one marked idle (no record since its idle timeout, as after a restore with
 * no new input) drops it, and downstream timers never fire (FLINK-40499). The end of input itself
 * always arrives, so these operators advance event time to its end there.
 */
package dev.flowrec.job.drain;
