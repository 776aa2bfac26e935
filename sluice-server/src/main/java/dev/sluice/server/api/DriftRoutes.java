package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.store.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Drift reports: the {@code sluice-drift/1} reports {@code sluice monitor} stored as artifacts, newest first (found
 * among the newest {@value #SCANNED} JSON metrics artifacts), and one report whole. Thread-safe.
 */
record DriftRoutes(ServerContext ctx) {
    static final int SCANNED = 1000;
    private static final long MAX_REPORT_BYTES = 8L << 20;

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/drift-reports", Access.VIEWER, this::list),
                Route.get("/api/v1/drift-reports/{id}", Access.VIEWER, this::get));
    }

    private Answer list(Call call) {
        int limit = call.queryInt("limit", 50, 1, 500);
        Optional<String> model = call.query("model");
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("reports");
        for (ArtifactRow a : ctx.workspace().metadata().queries().artifacts(SCANNED)) {
            if (out.size() >= limit) break;
            Optional<JsonNode> r = report(a);
            if (r.isEmpty() || model.isPresent() && !model.get().equals(r.get().path("model").asText())) continue;
            ObjectNode n = out.addObject().put("artifact", a.id());
            for (String field : List.of("status", "model", "version", "checked_at", "window", "summary")) {
                n.set(field, r.get().path(field).isMissingNode() ? Call.JSON.nullNode() : r.get().path(field));
            }
            n.set("retraining_runs", Call.JSON.valueToTree(ctx.workspace().metadata().queries().runsTriggeredBy(a.id())));
        }
        return Answer.ok(body);
    }

    private Answer get(Call call) {
        String id = call.path("id");
        ArtifactRow a = ctx.workspace().metadata().queries().artifact(id)
                .orElseThrow(() -> ApiError.notFound("no artifact '" + id + "'"));
        JsonNode r = report(a).orElseThrow(() -> ApiError.notFound("artifact " + a.id() + " is not a drift report"));
        ObjectNode n = Call.JSON.createObjectNode().put("artifact", a.id());
        n.set("report", r);
        n.set("retraining_runs", Call.JSON.valueToTree(ctx.workspace().metadata().queries().runsTriggeredBy(a.id())));
        return Answer.ok(n);
    }

    /** The artifact's JSON when it is a drift report. */
    private Optional<JsonNode> report(ArtifactRow a) {
        if (!a.mediaType().equals("application/json") || a.size() > MAX_REPORT_BYTES) return Optional.empty();
        try {
            Optional<Path> p = ctx.workspace().store().path(Digest.parse(a.id()));
            if (p.isEmpty() || !Files.isRegularFile(p.get())) return Optional.empty();
            JsonNode n = Call.JSON.readTree(p.get().toFile());
            return "sluice-drift/1".equals(n.path("format").asText()) ? Optional.of(n) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
