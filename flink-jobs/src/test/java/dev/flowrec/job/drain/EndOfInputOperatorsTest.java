package dev.flowrec.job.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The inputs below went idle and no final watermark arrives, as at a drain of idle sources: the end
 * of input alone must fire the event-time timers, once.
 */
class EndOfInputOperatorsTest {

    /** Emits "key@time" when the event-time timer an element set an hour ahead fires. */
    private static final class HourLater extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 3_600_000);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect(ctx.getCurrentKey() + "@" + timestamp);
        }
    }

    private static final class HourLaterOfEither
            extends KeyedCoProcessFunction<String, String, String, String> {
        @Override
        public void processElement1(String value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 3_600_000);
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 3_600_000);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect(ctx.getCurrentKey() + "@" + timestamp);
        }
    }

    @Test
    void theEndOfItsInputFiresEveryTimerOnce() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new EndOfInputProcessOperator<>(new HourLater()), v -> v, Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>("a", 1_000));
            h.processElement(new StreamRecord<>("b", 2_000));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(h.extractOutputValues()).isEmpty();

            h.endInput();
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder("a@3601000", "b@3602000");

            h.processWatermark(Watermark.MAX_WATERMARK);
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void aTwoInputOperatorEndsEventTimeOnlyWhenBothInputsHaveEnded() throws Exception {
        try (var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new EndOfInputCoProcessOperator<>(new HourLaterOfEither()),
                        v -> v,
                        v -> v,
                        Types.STRING)) {
            h.open();
            h.processElement1(new StreamRecord<>("a", 1_000));
            h.processWatermarkStatus1(WatermarkStatus.IDLE);
            h.processWatermarkStatus2(WatermarkStatus.IDLE);

            h.endInput1();
            assertThat(h.extractOutputValues())
                    .as("the other input may still add to open windows")
                    .isEmpty();

            h.processElement2(new StreamRecord<>("b", 2_000));
            h.endInput2();
            assertThat(h.extractOutputValues()).isEqualTo(List.of("a@3601000", "b@3602000"));
        }
    }
}
