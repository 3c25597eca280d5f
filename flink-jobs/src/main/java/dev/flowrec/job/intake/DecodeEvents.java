package dev.flowrec.job.intake;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.event.EventReader;
import dev.flowrec.core.event.EventTimeBounds;
import dev.flowrec.core.event.Intake;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.RawRecord;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and validates raw records of one topic with {@link EventReader}; good records go on, bad
 * ones go to {@link DeadLetters#TAG} with the reason, counted per reason ({@code
 * flowrec.dead_letters.<reason>}). Never throws on bad input.
 */
public final class DecodeEvents<T> extends ProcessFunction<RawRecord, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final ScenarioTaskSpace space;
    private final EventTimeBounds bounds;
    private final long maxDeadLetterPayload;
    private transient EventReader reader;
    private transient Counter accepted;
    private transient Map<DeadLetterReason, Counter> rejected;

    private DecodeEvents(
            Class<T> type,
            ScenarioTaskSpace space,
            EventTimeBounds bounds,
            long maxDeadLetterPayload) {
        this.type = type;
        this.space = space;
        this.bounds = bounds;
        this.maxDeadLetterPayload = maxDeadLetterPayload;
    }

    public static DecodeEvents<Impression> impressions(
            ScenarioTaskSpace space, EventTimeBounds bounds, long maxDeadLetterPayload) {
        return new DecodeEvents<>(Impression.class, space, bounds, maxDeadLetterPayload);
    }

    public static DecodeEvents<Feedback> feedback(
            ScenarioTaskSpace space, EventTimeBounds bounds, long maxDeadLetterPayload) {
        return new DecodeEvents<>(Feedback.class, space, bounds, maxDeadLetterPayload);
    }

    @Override
    public void open(OpenContext context) {
        reader = new EventReader(space, bounds, Clock.systemUTC());
        var group = getRuntimeContext().getMetricGroup().addGroup("flowrec");
        accepted = group.counter("records_accepted");
        rejected = new EnumMap<>(DeadLetterReason.class);
        for (var reason : DeadLetterReason.values()) {
            rejected.put(
                    reason,
                    group.addGroup("dead_letters")
                            .counter(reason.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        byte[] value = DeadLetters.bytes(raw.getValue());
        Intake<?> intake =
                type == Impression.class
                        ? reader.readImpression(value)
                        : reader.readFeedback(value);
        if (intake.isAccepted()) {
            accepted.inc();
            out.collect((T) intake.record());
        } else {
            rejected.get(intake.reason()).inc();
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(raw, intake.reason(), intake.message(), maxDeadLetterPayload));
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
