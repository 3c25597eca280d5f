package dev.flowrec.cli.demo;

import dev.flowrec.data.stream.StreamEvent;

/**
 * When the demo's producer sends an event, in wall-clock milliseconds. A generated stream is made
 * on the wall clock and sent on its own event times; a recorded log spans years unevenly, so its
 * impressions are sent at a steady rate instead, keeping their recorded event times, and its
 * feedback straight after whatever came before it.
 */
@FunctionalInterface
interface Pacing {
    /**
     * @param impressionsSent impressions sent before this event
     * @return when to send it; a time already past (0 for "at once") sends it at once
     */
    long sendAt(StreamEvent event, long impressionsSent);

    /** Each event when the wall clock reaches its event time. */
    static Pacing onEventTime() {
        return (event, impressionsSent) -> event.eventTime();
    }

    /**
     * The n-th impression {@code n / perSecond} seconds after {@code startMillis}; feedback at
     * once.
     */
    static Pacing atRate(long startMillis, double perSecond) {
        return (event, impressionsSent) ->
                event instanceof StreamEvent.ImpressionEvent
                        ? startMillis + Math.round(impressionsSent * 1000.0 / perSecond)
                        : 0L;
    }
}
