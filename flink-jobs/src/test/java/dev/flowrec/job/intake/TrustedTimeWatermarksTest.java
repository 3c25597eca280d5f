package dev.flowrec.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.events.RawRecord;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/** One partition's watermarks: only trusted event times move them, never past the wall clock. */
class TrustedTimeWatermarksTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long OUT_OF_ORDERNESS = 2_000L;
    private static final long MINUTE = 60_000L;

    private final ManualClock activity = new ManualClock();
    private final TrustedTimeWatermarks watermarks =
            new TrustedTimeWatermarks(
                    Duration.ofMillis(OUT_OF_ORDERNESS),
                    Duration.ofSeconds(5),
                    activity,
                    Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final Recorder output = new Recorder();

    private static RawRecord record(Long trustedTime) {
        return RawRecord.newBuilder()
                .setTopic("impressions")
                .setPartition(0)
                .setOffset(0)
                .setTimestamp(NOW)
                .setValue(ByteBuffer.wrap(new byte[] {1}))
                .setEventTime(trustedTime)
                .build();
    }

    private void event(Long trustedTime, long timestamp) {
        watermarks.onEvent(record(trustedTime), timestamp, output);
    }

    private long emitted() {
        watermarks.onPeriodicEmit(output);
        return output.watermarks.get(output.watermarks.size() - 1);
    }

    @Test
    void trustedTimesMoveTheWatermarkWithTheOutOfOrdernessBound() {
        event(NOW - 10 * MINUTE, NOW - 10 * MINUTE);
        assertThat(emitted()).isEqualTo(NOW - 10 * MINUTE - OUT_OF_ORDERNESS - 1);
        event(NOW - 9 * MINUTE, NOW - 9 * MINUTE);
        assertThat(emitted()).isEqualTo(NOW - 9 * MINUTE - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void aRecordWithoutTrustedTimeDoesNotMoveIt() {
        event(NOW - 10 * MINUTE, NOW - 10 * MINUTE);
        long before = emitted();
        // Kafka's timestamp is what such a record carries; 50 minutes ahead here.
        event(null, NOW + 50 * MINUTE);
        assertThat(emitted()).isEqualTo(before);
    }

    @Test
    void anEventAcceptedAheadOfTheWallClockCannotPushItPastTheClock() {
        event(NOW + 4 * MINUTE, NOW + 4 * MINUTE);
        assertThat(emitted()).isEqualTo(NOW - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void aPartitionWithOnlyUntrustedRecordsGoesIdleInsteadOfHoldingTheOthersBack() {
        event(NOW - 10 * MINUTE, NOW - 10 * MINUTE);
        emitted();
        for (int second = 0; second < 7; second++) {
            event(null, NOW);
            activity.advanceTime(Duration.ofSeconds(1));
            watermarks.onPeriodicEmit(output);
        }
        assertThat(output.idle).isTrue();
    }

    @Test
    void aPartitionWithTrustedRecordsStaysActive() {
        for (int second = 0; second < 7; second++) {
            event(NOW - 10 * MINUTE + second * 1000L, NOW);
            activity.advanceTime(Duration.ofSeconds(1));
            watermarks.onPeriodicEmit(output);
        }
        assertThat(output.idle).isFalse();
    }

    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
