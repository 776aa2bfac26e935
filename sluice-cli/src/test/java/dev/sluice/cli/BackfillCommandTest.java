package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice backfill} against a real server: three daily ticks queue three runs, each shown by {@code sluice show}
 * and {@code sluice runs --json} with its cause; a wrong schedule name is a usage error that names the right ones.
 */
class BackfillCommandTest {
    @Test
    void queuesOneRunPerDayAndEachRunSaysWhatStartedIt(@TempDir Path tmp) throws Exception {
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(pipelines.resolve("daily.yaml"), """
                pipeline: daily
                params:
                  day: {type: string, default: ""}
                schedules:
                  - {name: nightly, cron: "0 2 * * *", timezone: Europe/Berlin, params: {day: "${schedule.time}"}}
                steps:
                  note: {uses: concat, with: {text: "day ${params.day}\\n"}}
                """);
        Path serverHome = tmp.resolve("server-home");
        try (SluiceServer server = SluiceServer.start(ServerConfig.defaults(serverHome).withPort(0).withRunSlots(2)
                .withStepWorkers(1).withPipelineDirs(List.of(pipelines)).withGrace(Duration.ofSeconds(5)))) {
            String url = "http://127.0.0.1:" + server.port();
            Cli client = new Cli(tmp, Map.of("SLUICE_HOME", tmp.resolve("client").toString(),
                    "SLUICE_TOKEN", server.firstToken().orElseThrow().token()));

            Cli.Result r = client.run("backfill", "daily", "--from", "2026-11-01", "--to", "2026-11-03", "--server", url, "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode b = new ObjectMapper().readTree(r.out());
            assertThat(b.path("ticks").asInt()).isEqualTo(3);
            assertThat(b.path("schedule").asText()).isEqualTo("nightly");
            String id = b.path("id").asText();

            Cli.Result text = client.run("backfill", "daily", "--from", "2026-11-04", "--to", "2026-11-04", "--server", url);
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).startsWith("backfill bf-").contains(" of daily (schedule nightly): 1 run(s) queued");

            Cli.Result wrong = client.run("backfill", "daily", "--from", "2026-11-01", "--to", "2026-11-03", "--schedule", "nighty",
                    "--server", url);
            assertThat(wrong.code()).isEqualTo(2);
            assertThat(wrong.err()).contains("pipeline 'daily' has no schedule 'nighty'; its schedules: nightly");

            Cli.Result noServer = new Cli(tmp, Map.of("SLUICE_HOME", tmp.resolve("client").toString()))
                    .run("backfill", "daily", "--from", "2026-11-01", "--to", "2026-11-03");
            assertThat(noServer.code()).isEqualTo(2);
            assertThat(noServer.err()).contains("give --server URL or set SLUICE_SERVER");

            String first = b.path("runs").get(0).asText();
            Cli local = new Cli(tmp, Map.of("SLUICE_HOME", serverHome.toString()));
            Cli.Result show = local.run("show", first);
            assertThat(show.code()).as(show.err()).isZero();
            assertThat(show.out()).contains("started by: backfill (" + id + ": nightly at 2026-11-01T02:00:00+01:00)");
            JsonNode runs = new ObjectMapper().readTree(client.run("runs", "--json", "--server", url).out());
            long backfilled = 0;
            for (JsonNode run : runs.path("runs")) if (run.path("trigger").path("kind").asText().equals("backfill")) backfilled++;
            assertThat(backfilled).isEqualTo(4);
        }
    }
}
