package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.client.ServerClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sluice backfill PIPELINE --from DATE --to DATE [--schedule NAME] [--json] [--server URL]}: asks a sluice
 * server to queue one run per tick of a pipeline's schedule over a past range ({@code POST /api/v1/backfills}). Not
 * thread-safe (one per invocation).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Queues one run per tick of a pipeline's schedule from one date to another (both days included, in"
                + " the schedule's time zone) on a sluice server, each run with its ${schedule.time}. The runs wait as the"
                + " pipeline's concurrency: max allows. Watch it with GET /api/v1/backfills/ID; cancel its queued runs with"
                + " POST /api/v1/backfills/ID/cancel."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:queued", "2:bad usage, unknown pipeline or schedule, empty range"})
final class BackfillCommand extends SluiceSubcommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The registered pipeline's name.")
    String pipeline;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "The first day (2026-11-01), or a date-time with offset.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "The last day, included (2026-11-30), or a date-time with offset.")
    String to;

    @Option(names = "--schedule", paramLabel = "NAME", description = "Which schedule (needed when the pipeline has several).")
    String schedule;

    @Option(names = "--json", description = "Print the server's answer: {\"id\", \"pipeline\", \"schedule\", \"ticks\", \"status\","
            + " \"progress\", \"runs\", ...}.")
    boolean json;

    @Option(names = "--server", paramLabel = "URL", description = "The sluice server (default: $SLUICE_SERVER); an operator token in $SLUICE_TOKEN.")
    String server;

    @Override
    int execute() {
        String url = Source.serverUrl(environment(), server).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "sluice backfill queues runs on a sluice server: give --server URL or set SLUICE_SERVER"));
        ServerClient client = Source.client(environment(), url, spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline", pipeline);
        if (schedule != null) body.put("schedule", schedule);
        body.put("from", from);
        body.put("to", to);
        JsonNode answer = client.post("/api/v1/backfills", body);
        print(json, () -> answer.deepCopy(), out -> {
            String id = answer.path("id").asText();
            out.println("backfill " + id + " of " + answer.path("pipeline").asText() + " (schedule "
                    + answer.path("schedule").asText() + "): " + answer.path("ticks").asInt() + " run(s) queued");
            out.println("  watch it:  curl -H \"Authorization: Bearer $SLUICE_TOKEN\" " + client.base() + "/api/v1/backfills/" + id);
            out.println("  cancel it: curl -X POST -H \"Authorization: Bearer $SLUICE_TOKEN\" " + client.base()
                    + "/api/v1/backfills/" + id + "/cancel");
        });
        return 0;
    }
}
