package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule's parameter text and its ticks: {@code ${schedule.time}} is replaced, {@code $${} stays a literal
 * {@code ${}, a name that is not a schedule variable is kept as written (and reported by
 * {@link Schedule#unknownReferences}); catching up asks for at most {@code limit} ticks and gets exactly that many.
 */
class ScheduleTextAndLimitsTest {
    @Test
    void variablesAreReplacedAndEverythingElseIsKeptAsWritten() {
        Map<String, String> values = Map.of("schedule.time", "2026-12-08T00:00:00Z");
        assertThat(Schedule.expand("day=${schedule.time}", values)).isEqualTo("day=2026-12-08T00:00:00Z");
        assertThat(Schedule.expand("${ schedule.time }/x", values)).isEqualTo("2026-12-08T00:00:00Z/x");
        assertThat(Schedule.expand("a ${nope} b", values)).isEqualTo("a ${nope} b");
        assertThat(Schedule.expand("cost $${x} and ${schedule.time}", values)).isEqualTo("cost ${x} and 2026-12-08T00:00:00Z");
        assertThat(Schedule.expand("open ${schedule.time", values)).isEqualTo("open ${schedule.time");
        assertThat(Schedule.expand("}{${schedule.time}}", values)).isEqualTo("}{2026-12-08T00:00:00Z}");
    }

    @Test
    void unknownReferencesListsEveryNameThatIsNotAScheduleVariable() {
        assertThat(Schedule.unknownReferences("${schedule.time} ${params.day} $${literal} ${ x }")).containsExactly("params.day", "x");
        assertThat(Schedule.unknownReferences("${}${schedule.previous_time}")).containsExactly("");
        assertThat(Schedule.unknownReferences("tail ${open")).containsExactly("${open");
        assertThat(Schedule.unknownReferences("${schedule.time}")).isEmpty();
    }

    @Test
    void catchingUpGetsAtMostTheLimitOfTicksTheOldestFirst() {
        CronTicks hourly = CronTicks.of("@hourly", ZoneOffset.UTC);
        Instant from = Instant.parse("2026-12-07T00:30:00Z");
        Instant to = Instant.parse("2026-12-07T12:30:00Z");
        assertThat(hourly.between(from, to, 3)).containsExactly(Instant.parse("2026-12-07T01:00:00Z"),
                Instant.parse("2026-12-07T02:00:00Z"), Instant.parse("2026-12-07T03:00:00Z"));
        assertThat(hourly.between(from, to, 1)).containsExactly(Instant.parse("2026-12-07T01:00:00Z"));
        assertThat(hourly.between(from, to, 0)).isEmpty();
        assertThat(hourly.between(from, to, 100)).hasSize(12);
    }
}
