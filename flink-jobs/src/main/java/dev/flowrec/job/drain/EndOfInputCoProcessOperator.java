package dev.flowrec.job.drain;

import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * A keyed two-input process operator whose event time reaches its end when both inputs have ended,
 * whether or not the final watermark arrived on either.
 */
public final class EndOfInputCoProcessOperator<K, IN1, IN2, OUT>
        extends KeyedCoProcessOperator<K, IN1, IN2, OUT> implements BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    /** A bit per input id (1 and 2) that has ended. */
    private transient int inputsEnded;

    public EndOfInputCoProcessOperator(KeyedCoProcessFunction<K, IN1, IN2, OUT> function) {
        super(function);
    }

    /**
     * While one input goes on, its records may still fall into open label windows, so event time
     * ends only with the second.
     */
    @Override
    public void endInput(int inputId) throws Exception {
        inputsEnded |= 1 << inputId;
        if (inputsEnded == 0b110) {
            processWatermark(Watermark.MAX_WATERMARK);
        }
    }
}
