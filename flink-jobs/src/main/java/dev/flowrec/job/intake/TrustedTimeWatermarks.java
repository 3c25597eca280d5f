package dev.flowrec.job.intake;

import dev.flowrec.events.RawRecord;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The watermarks of one Kafka partition, given to the source so that each partition has its own and
 * the source passes on their minimum: a partition behind the others holds the watermark back
 * instead of having its records made late. Only records with a trusted event time ({@link
 * RawRecord#getEventTime()}) move it or count as activity, so neither an unreadable record nor one
 * out of time bounds can push it forward or keep an otherwise silent partition from going idle; and
 * it never passes the wall clock, so an event accepted a little ahead cannot close windows early
 * either.
 */
public final class TrustedTimeWatermarks implements WatermarkGenerator<RawRecord> {
    private final WatermarkGenerator<RawRecord> bounded;
    private final long outOfOrdernessMillis;
    private final Clock wallClock;

    TrustedTimeWatermarks(
            Duration outOfOrderness,
            Duration idleTimeout,
            RelativeClock activityClock,
            Clock wallClock) {
        this.bounded =
                new WatermarksWithIdleness<>(
                        new BoundedOutOfOrdernessWatermarks<>(outOfOrderness),
                        idleTimeout,
                        activityClock);
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.wallClock = wallClock;
    }

    /**
     * Timestamps are the trusted event time; a record without one keeps Kafka's timestamp, which no
     * watermark depends on: it is dead-lettered downstream.
     */
    public static WatermarkStrategy<RawRecord> strategy(
            Duration outOfOrderness, Duration idleTimeout) {
        return WatermarkStrategy.<RawRecord>forGenerator(
                        context ->
                                new TrustedTimeWatermarks(
                                        outOfOrderness,
                                        idleTimeout,
                                        context.getInputActivityClock(),
                                        Clock.systemUTC()))
                .withTimestampAssigner(
                        (record, kafkaTimestamp) ->
                                record.getEventTime() == null
                                        ? kafkaTimestamp
                                        : record.getEventTime());
    }

    @Override
    public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
        if (record.getEventTime() != null) {
            bounded.onEvent(record, timestamp, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        bounded.onPeriodicEmit(
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {
                        long ceiling = wallClock.millis() - outOfOrdernessMillis - 1;
                        output.emitWatermark(
                                new Watermark(Math.min(watermark.getTimestamp(), ceiling)));
                    }

                    @Override
                    public void markIdle() {
                        output.markIdle();
                    }

                    @Override
                    public void markActive() {
                        output.markActive();
                    }
                });
    }
}
