package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.Workspace;
import dev.sluice.server.audit.AuditEntry;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.client.ServerClient;
import dev.sluice.server.sql.ServerTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code sluice audit [--limit N] [--actor NAME] [--action ACTION] [--json] [--server URL]}: the server's audit log of
 * state-changing calls, newest first. Not thread-safe (one per invocation).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Shows the audit log of sluice server: who changed what, when, and how it ended, newest first.")
final class AuditCommand extends SluiceSubcommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--actor", paramLabel = "NAME", description = "Only calls made with this token name.")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. run.start, model.promote.")
    String action;

    @Option(names = "--json", description = "Print {\"entries\": [{\"id\", \"at\", \"actor\", \"action\", \"target\", \"outcome\", \"status\", \"detail\"}]}.")
    boolean json;

    @Option(names = "--server", paramLabel = "URL", description = "Ask this sluice server (default: $SLUICE_SERVER), else read the local workspace.")
    String server;

    @Override
    int execute() {
        ArrayNode entries = entries();
        print(json, () -> {
            ObjectNode root = ProblemReport.JSON.createObjectNode();
            root.set("entries", entries);
            return root;
        }, out -> printText(entries, out));
        return 0;
    }

    private static void printText(ArrayNode entries, PrintWriter out) {
        Inspection.listing(out, "the audit log is empty", new String[] {"AT", "ACTOR", "ACTION", "TARGET", "OUTCOME", "DETAIL"},
                entries, e -> new String[] {Inspection.time(java.time.Instant.parse(e.path("at").asText())), e.path("actor").asText(),
                        e.path("action").asText(), e.path("target").asText(), e.path("outcome").asText() + " " + e.path("status").asInt(),
                        e.path("detail").asText()});
    }

    private ArrayNode entries() {
        Optional<String> url = Source.serverUrl(parent.environment(), server);
        if (url.isPresent()) {
            ServerClient c = Source.client(parent.environment(), url.get(), spec);
            StringBuilder q = new StringBuilder("/api/v1/audit?limit=" + Math.max(1, Math.min(limit, 1000)));
            if (actor != null) q.append("&actor=").append(ServerClient.segment(actor));
            if (action != null) q.append("&action=").append(ServerClient.segment(action));
            return (ArrayNode) c.get(q.toString()).path("entries");
        }
        ArrayNode out = ProblemReport.JSON.createArrayNode();
        try (Workspace ws = Workspace.open(parent.environment().home())) {
            ServerTables.migrate(ws.metadata().sql());
            for (AuditEntry e : new AuditLog(ws.metadata().sql()).list(new AuditLog.Query(Math.max(1, limit), Optional.empty(),
                    Optional.ofNullable(actor), Optional.ofNullable(action)))) {
                out.addObject().put("id", e.id()).put("at", e.at().toString()).put("actor", e.actor()).put("action", e.action())
                        .put("target", e.target()).put("outcome", e.outcome()).put("status", e.status()).put("detail", e.detail());
            }
        }
        return out;
    }
}
