package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.Schedule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The top-level {@code schedules:} list: what a valid one reads as, and every mistake at its line and column. */
class ScheduleReaderTest {
    private static final Path PIPELINES = Path.of("src/test/resources/pipelines").toAbsolutePath();
    private final YamlPipelineLoader loader = new YamlPipelineLoader();

    @Test
    void readsSchedulesWithDefaults() {
        PipelineSpec spec = loader.parse("""
                pipeline: p
                params:
                  day: {type: string, default: ""}
                schedules:
                  - {name: nightly, cron: "0 2 * * *", timezone: Europe/Berlin, catchup: all, max_catchup: 3,
                     params: {day: "${schedule.time}"}}
                  - {name: hourly, cron: "@hourly"}
                steps:
                  load: {uses: file, with: {path: data.csv}}
                """, "p.yaml", PIPELINES);
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.schedules()).containsExactly(
                new Schedule("nightly", "0 2 * * *", ZoneId.of("Europe/Berlin"), Schedule.CatchUp.ALL, 3, Map.of("day", "${schedule.time}")),
                new Schedule("hourly", "@hourly", ZoneId.of("UTC"), Schedule.CatchUp.NONE, Schedule.DEFAULT_MAX_CATCHUP, Map.of()));
    }

    @Test
    void reportsEachMistakeWhereItIs() {
        PipelineSpec spec = loader.load(PIPELINES.resolve("invalid/bad-schedules.yaml"), "bad-schedules.yaml");
        assertThat(spec.problems().stream().map(Problem::format).toList()).containsExactly(
                "bad-schedules.yaml:5:30: invalid cron hour field '25': Value 25 not in range [0, 23]. Write five fields, minute"
                        + " hour day-of-month month day-of-week (\"0 2 * * *\": 02:00 every day), or one of @hourly, @daily,"
                        + " @weekly, @monthly, @yearly.",
                "bad-schedules.yaml:6:26: cron '0 2 * *' has 4 fields; expected 5. Write five fields, minute hour day-of-month"
                        + " month day-of-week (\"0 2 * * *\": 02:00 every day), or one of @hourly, @daily, @weekly, @monthly, @yearly.",
                "bad-schedules.yaml:6:47: unknown time zone 'Europe/Berln'. Did you mean 'Europe/Berlin'?",
                "bad-schedules.yaml:6:70: unknown catchup policy 'lastest'. Did you mean 'latest'?",
                "bad-schedules.yaml:8:19: invalid cron day-of-week field 'mon-fry': Invalid chars in expression! Expression: FRY"
                        + " Invalid chars: FRY. Write five fields, minute hour day-of-month month day-of-week (\"0 2 * * *\":"
                        + " 02:00 every day), or one of @hourly, @daily, @weekly, @monthly, @yearly.",
                "bad-schedules.yaml:9:14: schedule sets parameter 'dya', but the pipeline has no such parameter. Did you mean 'day'?",
                "bad-schedules.yaml:10:39: unknown key 'cadence' in a schedule. Valid keys: name, cron, timezone, catchup, max_catchup, params.",
                "bad-schedules.yaml:10:65: unknown reference ${schedule.tim} in a schedule's parameter. Did you mean 'schedule.time'?",
                "bad-schedules.yaml:11:25: cron '0 2 31 2 *' never fires (no date matches it). Write five fields, minute hour"
                        + " day-of-month month day-of-week (\"0 2 * * *\": 02:00 every day), or one of @hourly, @daily, @weekly,"
                        + " @monthly, @yearly.",
                "bad-schedules.yaml:12:12: duplicate schedule 'nightly' (first defined at line 5). Give each schedule of a pipeline its own name.",
                "bad-schedules.yaml:12:27: unknown cron nickname '@fortnightly'. Write five fields, minute hour day-of-month month"
                        + " day-of-week (\"0 2 * * *\": 02:00 every day), or one of @hourly, @daily, @weekly, @monthly, @yearly.");
        assertThat(spec.schedules()).isEmpty();
    }

    @Test
    void readmesScheduleExampleLoadsAndItsDocumentedCronErrorIsWhatAUserSees() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("### Schedules and backfills");
        int start = readme.indexOf("```yaml\n", section) + 8;
        String yaml = readme.substring(start, readme.indexOf("```", start));
        PipelineSpec spec = loader.parse(yaml, "nightly.yaml", PIPELINES);
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.schedules()).extracting(Schedule::name).containsExactly("daily");
        String documented = readme.substring(readme.indexOf("`nightly.yaml:", section) + 1);
        documented = documented.substring(0, documented.indexOf('`'));
        PipelineSpec bad = loader.parse(yaml.replace("\"0 2 * * *\"", "\"0 25 * * *\""), "nightly.yaml", PIPELINES);
        assertThat(bad.problems()).hasSize(1);
        assertThat(bad.problems().getFirst().format()).startsWith(documented + ". ");
    }

    @Test
    void expandsTheScheduleVariablesInParameters() {
        Schedule s = new Schedule("nightly", "30 2 * * *", ZoneId.of("Europe/Berlin"), Schedule.CatchUp.NONE, 1,
                Map.of("from", "${schedule.previous_time}", "to", "${ schedule.time }", "raw", "$${schedule.time}"));
        assertThat(s.paramsAt(java.time.Instant.parse("2026-11-02T01:30:00Z"))).isEqualTo(Map.of(
                "from", "2026-11-01T02:30:00+01:00", "to", "2026-11-02T02:30:00+01:00", "raw", "${schedule.time}"));
    }
}
