package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ticks of cron expressions in a zone, across the daylight-saving changes of Europe/Berlin in 2026. */
class CronTicksTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant berlin(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private static List<String> local(List<Instant> ticks) {
        return ticks.stream().map(t -> ZonedDateTime.ofInstant(t, BERLIN).toOffsetDateTime().toString()).toList();
    }

    @Test
    void aDailyTickInTheSpringGapFiresOnceAnHourLater() {
        // 2026-03-29: clocks go from 02:00 to 03:00, so 02:30 does not exist that day
        List<Instant> ticks = CronTicks.of("30 2 * * *", BERLIN).between(berlin("2026-03-27T12:00"), berlin("2026-03-31T12:00"), 10);
        assertThat(local(ticks)).containsExactly("2026-03-28T02:30+01:00", "2026-03-29T03:30+02:00",
                "2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00");
    }

    @Test
    void aDailyTickInTheAutumnOverlapFiresOnceAtItsFirstOccurrence() {
        // 2026-10-25: clocks go from 03:00 back to 02:00, so 02:30 happens twice
        List<Instant> ticks = CronTicks.of("30 2 * * *", BERLIN).between(berlin("2026-10-23T12:00"), berlin("2026-10-27T12:00"), 10);
        assertThat(local(ticks)).containsExactly("2026-10-24T02:30+02:00", "2026-10-25T02:30+02:00",
                "2026-10-26T02:30+01:00", "2026-10-27T02:30+01:00");
    }

    @Test
    void aTickAfterTheGapIsFoundFromInsideTheShiftedHour() {
        CronTicks t = CronTicks.of("30 2 * * *", BERLIN);
        assertThat(t.next(berlin("2026-03-29T03:10"))).hasValue(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(t.previous(Instant.parse("2026-03-30T00:30:00Z"))).hasValue(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(t.previous(Instant.parse("2026-10-26T01:30:00Z"))).hasValue(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void anHourlyCronDoesNotFireTwiceAtOneInstantInTheGap() {
        List<Instant> ticks = CronTicks.of("@hourly", BERLIN).between(berlin("2026-03-29T00:30"), berlin("2026-03-29T04:30"), 10);
        assertThat(local(ticks)).containsExactly("2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00");
    }

    @Test
    void nicknamesAndTheirTicks() {
        Instant at = Instant.parse("2026-12-07T16:45:00Z");
        ZoneId utc = ZoneId.of("UTC");
        assertThat(CronTicks.of("@hourly", utc).next(at)).hasValue(Instant.parse("2026-12-07T17:00:00Z"));
        assertThat(CronTicks.of("@daily", utc).next(at)).hasValue(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(CronTicks.of("@weekly", utc).next(at)).hasValue(Instant.parse("2026-12-13T00:00:00Z"));
        assertThat(CronTicks.of("@monthly", utc).next(at)).hasValue(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(CronTicks.of("@yearly", utc).next(at)).hasValue(Instant.parse("2027-01-01T00:00:00Z"));
        assertThatThrownBy(() -> CronTicks.of("@reboot", utc)).isInstanceOf(IllegalArgumentException.class);
    }
}
