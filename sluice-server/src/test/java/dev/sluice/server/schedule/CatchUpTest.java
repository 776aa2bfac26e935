package dev.sluice.server.schedule;

import dev.sluice.pipeline.Schedule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which due ticks a pass runs: the on-time one always, the missed ones as the catch-up policy says. */
class CatchUpTest {
    private static final List<Instant> FIVE = List.of(at("10:01"), at("10:02"), at("10:03"), at("10:04"), at("10:05"));

    private static Instant at(String hhmm) {
        return Instant.parse("2026-12-07T" + hhmm + ":00Z");
    }

    private static Schedule schedule(Schedule.CatchUp policy, int max) {
        return new Schedule("s", "* * * * *", ZoneId.of("UTC"), policy, max, Map.of());
    }

    @Test
    void allMissed() {
        Instant now = at("10:05").plusSeconds(31);
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.NONE, 10), FIVE, now)).isEmpty();
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.LATEST, 10), FIVE, now)).containsExactly(at("10:05"));
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.ALL, 3), FIVE, now)).containsExactly(at("10:03"), at("10:04"), at("10:05"));
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.ALL, 10), FIVE, now)).isEqualTo(FIVE);
    }

    @Test
    void theNewestOnTimeRunsWhateverThePolicy() {
        Instant now = at("10:05").plusSeconds(30);
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.NONE, 10), FIVE, now)).containsExactly(at("10:05"));
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.LATEST, 10), FIVE, now)).containsExactly(at("10:05"));
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.ALL, 2), FIVE, now)).containsExactly(at("10:03"), at("10:04"), at("10:05"));
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.NONE, 10), List.of(at("10:05")), now)).containsExactly(at("10:05"));
        assertThat(Scheduler.chosen(schedule(Schedule.CatchUp.NONE, 10), List.of(), now)).isEmpty();
    }
}
