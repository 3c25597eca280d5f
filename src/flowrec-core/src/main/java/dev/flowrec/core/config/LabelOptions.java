package dev.flowrec.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code labels.*}: tasks, label windows and the time rules of the label join. */
public final class LabelOptions {
    public static final ConfigOption<List<String>> SCENARIOS =
            ConfigOptions.key("labels.scenarios")
                    .stringListType()
                    .defaultValue(List.of("feed", "search", "detail"))
                    .checking(Constraint.notEmpty())
                    .withDescription(
                            "Scenario names the model knows, in model order. An impression of"
                                    + " another scenario is dead-lettered.");

    public static final ConfigOption<List<String>> TASKS =
            ConfigOptions.key("labels.tasks")
                    .stringListType()
                    .defaultValue(List.of("click", "conversion"))
                    .checking(Constraint.notEmpty())
                    .withDescription(
                            "Task names the model predicts, in model order. Feedback for another"
                                    + " task is dead-lettered.");

    public static final ConfigOption<Map<String, Duration>> OBSERVATION_WINDOW =
            ConfigOptions.key("labels.observation-window")
                    .durationMapType()
                    .defaultValue(
                            Map.of(
                                    "click",
                                    Duration.ofSeconds(10),
                                    "conversion",
                                    Duration.ofSeconds(60)))
                    .checking(Constraint.positiveDurations())
                    .withDescription(
                            "Per task, how long after the impression the join waits before emitting"
                                + " the example with the labels seen so far (the observation window"
                                + " C).");

    public static final ConfigOption<Map<String, Duration>> ATTRIBUTION_WINDOW =
            ConfigOptions.key("labels.attribution-window")
                    .durationMapType()
                    .defaultValue(
                            Map.of(
                                    "click",
                                    Duration.ofSeconds(30),
                                    "conversion",
                                    Duration.ofMinutes(5)))
                    .checking(Constraint.positiveDurations())
                    .withDescription(
                            "Per task, how long after the impression feedback still counts (W). "
                                    + "Later feedback is dead-lettered as late.");

    /** The policy every task gets by default: for the default tasks, and for a data set's own. */
    public static final EmissionPolicy DEFAULT_POLICY = EmissionPolicy.ES_DFM;

    /** The correction that goes with {@link #DEFAULT_POLICY}. */
    public static final LossCorrection DEFAULT_CORRECTION = LossCorrection.ES_DFM;

    public static final ConfigOption<Map<String, EmissionPolicy>> POLICY =
            ConfigOptions.key("labels.policy")
                    .enumMapType(EmissionPolicy.class)
                    .defaultValue(Map.of("click", DEFAULT_POLICY, "conversion", DEFAULT_POLICY))
                    .withDescription(
                            "Per task, the label join's emission policy: wait, vanilla,"
                                    + " fake-negative, es-dfm or defer (each described in the"
                                    + " EmissionPolicy values). Every task needs one.");

    public static final ConfigOption<Map<String, LossCorrection>> CORRECTION =
            ConfigOptions.key("labels.correction")
                    .enumMapType(LossCorrection.class)
                    .defaultValue(
                            Map.of("click", DEFAULT_CORRECTION, "conversion", DEFAULT_CORRECTION))
                    .withDescription(
                            "Per task, the trainer's loss correction for its policy: none (any"
                                    + " policy), fnw or fnc (fake-negative), es-dfm (es-dfm), defer"
                                    + " (defer). A task not named gets none.");

    public static final ConfigOption<Duration> ORPHAN_WAIT =
            ConfigOptions.key("labels.orphan-wait")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "How long feedback that arrived before its impression waits for it"
                                    + " before it is dead-lettered as an orphan.");

    public static final ConfigOption<Integer> MAX_ORPHANS =
            ConfigOptions.key("labels.max-orphans")
                    .intType()
                    .defaultValue(16)
                    .checking(Constraint.atLeast(1))
                    .withDescription(
                            "Most feedback events one impression id holds while they wait for the"
                                    + " impression (one per task is the normal case). More are"
                                    + " dead-lettered as orphans at once and counted in the"
                                    + " orphan_overflow metric, so a producer flooding one id"
                                    + " cannot grow that key's state.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("labels.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "Bounded out-of-orderness of event time within one source partition"
                                    + " (watermark lag); each partition has its own watermark and"
                                    + " the job follows the slowest.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("labels.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "A source partition quiet for this long stops holding back the"
                                    + " watermark. Records without a trusted event time (dead"
                                    + " letters) do not count as activity.");

    public static final ConfigOption<Duration> STATE_TTL =
            ConfigOptions.key("labels.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "Safety net: join state not cleared by its event-time timers (the"
                                + " watermark stalled) is dropped this long, in processing time,"
                                + " after it was created, counted in the expired_impressions and"
                                + " expired_orphans metrics. Must exceed every attribution window"
                                + " plus the orphan wait.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            ConfigOptions.key("labels.max-future-skew")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "An event whose time is further than this ahead of the wall clock is"
                                    + " dead-lettered as out of time bounds and never moves the"
                                    + " watermark. Wide enough for producers whose clocks drift by"
                                    + " minutes; an event accepted ahead still cannot move the"
                                    + " watermark past the wall clock.");

    public static final ConfigOption<Duration> MAX_EVENT_AGE =
            ConfigOptions.key("labels.max-event-age")
                    .durationType()
                    .noDefaultValue()
                    .checking(Constraint.positiveDuration())
                    .withDescription(
                            "An event whose time is further than this behind the wall clock is"
                                    + " dead-lettered as out of time bounds and never moves the"
                                    + " watermark. Unset (the default), no event is too old: a"
                                    + " backfill of historical logs is entirely in the past. Set it"
                                    + " for live traffic, above the longest producer outage whose"
                                    + " events should still be labelled, so that a producer whose"
                                    + " clock is far behind cannot hold every label window open.");

    private LabelOptions() {}
}
