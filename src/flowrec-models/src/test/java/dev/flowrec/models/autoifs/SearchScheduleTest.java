package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.models.autoifs.SearchSchedule.Transition;
import org.junit.jupiter.api.Test;

class SearchScheduleTest {
    private static final AutoIfsSettings DEFAULTS = AutoIfsSettings.defaults();

    @Test
    void temperatureFollowsTheReferenceEpochScheduleOverTheWindow() {
        // 10 parts of 100 examples: τ = 100^(p/9), p = floor(seen / 100).
        SearchSchedule schedule = new SearchSchedule(DEFAULTS.withSearch(1000, 0.9, 0));
        double[] seen = new double[1000];
        for (int i = 0; i < 1000; i++) {
            seen[i] = schedule.temperature();
            schedule.advance(1);
        }

        assertThat(seen[0]).isEqualTo(1.0);
        assertThat(seen[99]).isEqualTo(1.0);
        assertThat(seen[100])
                .isCloseTo(Math.pow(100, 1 / 9.0), within(1e-12)); // ≈ 1.6681, the per-epoch factor
        assertThat(seen[899]).isCloseTo(Math.pow(100, 8 / 9.0), within(1e-9));
        assertThat(seen[900]).isCloseTo(100.0, within(1e-9));
        assertThat(seen[999]).isCloseTo(100.0, within(1e-9));
        assertThat(schedule.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
    }

    @Test
    void snapshotIsDueBeforeTheBatchHoldingTheRewindExample() {
        SearchSchedule schedule = new SearchSchedule(DEFAULTS.withSearch(1000, 0.9, 0));
        assertThat(schedule.rewindAt()).isEqualTo(900);
        schedule.advance(880);

        assertThat(schedule.snapshotDue(false, 20)).isFalse(); // examples 880..899
        schedule.advance(16);
        assertThat(schedule.snapshotDue(false, 20)).isTrue(); // examples 896..915 hold 900
        assertThat(schedule.snapshotDue(true, 20)).isFalse();
        schedule.advance(200);
        assertThat(schedule.snapshotDue(false, 20)).isFalse(); // retrain now
    }

    @Test
    void rewindFractionOneMeansNoSnapshotAndZeroMeansBeforeTheFirstBatch() {
        SearchSchedule atEnd = new SearchSchedule(DEFAULTS.withSearch(100, 1.0, 0));
        SearchSchedule atStart = new SearchSchedule(DEFAULTS.withSearch(100, 0.0, 0));
        atEnd.advance(90);

        assertThat(atEnd.snapshotDue(false, 20)).isFalse();
        assertThat(atStart.snapshotDue(false, 20)).isTrue();
    }

    @Test
    void searchEndsAfterTheBatchThatFillsTheWindowAndResearchRestartsIt() {
        SearchSchedule schedule = new SearchSchedule(DEFAULTS.withSearch(100, 0.9, 50));

        assertThat(schedule.advance(60)).isEqualTo(Transition.NONE);
        assertThat(schedule.advance(60)).isEqualTo(Transition.END_SEARCH);
        assertThat(schedule.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
        assertThat(schedule.windowSeen()).isZero();
        assertThat(schedule.searchesCompleted()).isEqualTo(1);
        assertThat(schedule.advance(30)).isEqualTo(Transition.NONE);
        assertThat(schedule.advance(30)).isEqualTo(Transition.START_SEARCH);
        assertThat(schedule.phase()).isEqualTo(AutoIfsPhase.SEARCH);
        assertThat(schedule.temperature()).isEqualTo(1.0);
        assertThat(schedule.examplesSeen()).isEqualTo(180);
    }

    @Test
    void withoutResearchIntervalRetrainLastsForever() {
        SearchSchedule schedule = new SearchSchedule(DEFAULTS.withSearch(10, 0.9, 0));
        schedule.advance(10);
        for (int i = 0; i < 1000; i++) {
            assertThat(schedule.advance(1_000_000)).isEqualTo(Transition.NONE);
        }
        assertThat(schedule.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
    }

    @Test
    void temperatureIsExactForHugeWindows() {
        SearchSchedule schedule =
                new SearchSchedule(
                        DEFAULTS.withSearch(3_000_000_000_000L, 0.9, 0),
                        AutoIfsPhase.SEARCH,
                        2_700_000_000_000L,
                        2_700_000_000_000L,
                        0);

        assertThat(schedule.temperature()).isCloseTo(100.0, within(1e-9));
        assertThat(schedule.rewindAt()).isEqualTo(2_700_000_000_000L);
    }

    @Test
    void rejectsInconsistentRestoredState() {
        assertThatThrownBy(() -> new SearchSchedule(DEFAULTS, AutoIfsPhase.SEARCH, 5, 6, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "inconsistent AutoIFS schedule state: examplesSeen=5 windowSeen=6"
                                + " searchesCompleted=0");
    }
}
