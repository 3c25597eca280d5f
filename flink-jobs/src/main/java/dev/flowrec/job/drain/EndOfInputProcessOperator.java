package dev.flowrec.job.drain;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * A keyed process operator whose event time reaches its end when its input ends, whether or not the
 * final watermark arrived.
 */
public final class EndOfInputProcessOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT>
        implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public EndOfInputProcessOperator(KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
    }

    /** Timers already fired by a delivered final watermark are gone: this fires only the rest. */
    @Override
    public void endInput() throws Exception {
        processWatermark(Watermark.MAX_WATERMARK);
    }
}
