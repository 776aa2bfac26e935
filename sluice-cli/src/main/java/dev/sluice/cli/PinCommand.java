package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRetention;
import dev.sluice.meta.RunRow;
import dev.sluice.server.client.ServerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code sluice pin RUN [--unpin] [--server URL] [--json]}: pins a run so that retention never deletes it, or unpins
 * it. Not thread-safe (one per invocation).
 */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = {"Pins a run: retention (sluice gc --runs, the server's sweep) never deletes a pinned run, whatever"
                + " its pipeline's retention: says. --unpin lets retention delete it again when its policy lets it go."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:pinned or unpinned (or already so)", "2:no such run"})
final class PinCommand extends SluiceSubcommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id, or a unique prefix of it.")
    String run;

    @Option(names = "--unpin", description = "Unpin the run instead.")
    boolean unpin;

    @Option(names = "--json", description = "Print {\"run_id\", \"pinned\", \"changed\", \"pinned_by\", \"pinned_at\"} on stdout.")
    boolean json;

    @Option(names = "--server", paramLabel = "URL", description = "Pin on this sluice server (an operator token in"
            + " $SLUICE_TOKEN) instead of in the local workspace (default: $SLUICE_SERVER).")
    String server;

    @Override
    int execute() {
        ObjectNode answer = Source.serverUrl(environment(), server)
                .map(url -> remote(Source.client(environment(), url, spec)))
                .orElseGet(this::local);
        print(json, () -> answer, out -> out.println(text(answer)));
        return 0;
    }

    private ObjectNode local() {
        try (Workspace ws = Workspace.open(environment().home())) {
            RunRow row = run(ws, run);
            RunRetention retention = ws.metadata().retention();
            boolean changed = unpin ? retention.unpin(row.id())
                    : retention.pin(row.id(), "cli:" + System.getProperty("user.name", "unknown"), Instant.now());
            return answer(row.id(), retention.pin(row.id()), changed);
        }
    }

    private ObjectNode remote(ServerClient client) {
        JsonNode n = client.post("/api/v1/runs/" + ServerClient.segment(run) + (unpin ? "/unpin" : "/pin"), null);
        return n.deepCopy();
    }

    /** The answer, shaped as the server's {@code POST /api/v1/runs/{id}/pin}. */
    static ObjectNode answer(String runId, Optional<RunRetention.Pin> pin, boolean changed) {
        ObjectNode n = ProblemReport.JSON.createObjectNode().put("run_id", runId).put("pinned", pin.isPresent())
                .put("changed", changed);
        pin.ifPresent(p -> n.put("pinned_by", p.by()).put("pinned_at", p.at().toString()));
        return n;
    }

    private static String text(JsonNode n) {
        String id = n.path("run_id").asText();
        if (n.path("pinned").asBoolean()) {
            String by = " (by " + n.path("pinned_by").asText() + " at " + Inspection.time(Instant.parse(n.path("pinned_at").asText())) + ")";
            return n.path("changed").asBoolean() ? "pinned run " + id + ": retention keeps it until sluice pin " + id + " --unpin"
                    : "run " + id + " was pinned already" + by;
        }
        return n.path("changed").asBoolean() ? "unpinned run " + id + ": retention deletes it once its policy lets it go"
                : "run " + id + " was not pinned";
    }
}
