package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pipeline.StepSpec;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/approvals}: the approve steps that wait for a decision across all runs (run, pipeline, step,
 * since when, the step's {@code timeout:} and when it runs out), oldest first, and the latest decisions (who, when,
 * comment), newest first. {@code state=waiting} or {@code state=decided} answers only that list. Viewer role: the web
 * UI's approvals inbox reads it. Thread-safe.
 */
record ApprovalInbox(ServerContext ctx) {
    List<Route> routes() {
        return List.of(Route.get("/api/v1/approvals", Access.VIEWER, this::list));
    }

    /** An approve step waiting for a decision: its run, pipeline, step and since when it waits. */
    private record Waiting(String runId, String pipeline, String pipelineId, String step, String baseStep, Instant since) {
        static final String OLDEST_FIRST = "SELECT s.run_id, p.name, r.pipeline_id, s.step, s.base_step, s.started_at"
                + " FROM step_runs s JOIN runs r ON r.id = s.run_id JOIN pipelines p ON p.id = r.pipeline_id"
                + " WHERE s.state = 'waiting' ORDER BY s.started_at, s.run_id, s.step LIMIT ?";

        static Waiting read(ResultSet rs) throws SQLException {
            return new Waiting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    Instant.ofEpochMilli(rs.getLong(6)));
        }
    }

    /** A decision on an approve step (the pipeline name is null once its run is deleted). */
    private record Decided(String runId, String pipeline, String step, String decision, String by, Instant at, String comment) {
        static final String NEWEST_FIRST = "SELECT a.run_id, p.name, a.step, a.decision, a.decided_by, a.decided_at, a.comment"
                + " FROM step_approvals a LEFT JOIN runs r ON r.id = a.run_id LEFT JOIN pipelines p ON p.id = r.pipeline_id"
                + " ORDER BY a.decided_at DESC, a.run_id, a.step LIMIT ?";

        static Decided read(ResultSet rs) throws SQLException {
            return new Decided(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7));
        }
    }

    private Answer list(Call call) {
        String state = call.query("state").orElse("all");
        if (!List.of("all", "waiting", "decided").contains(state)) {
            throw ApiError.badRequest("state '" + state + "' is not one of waiting, decided, all");
        }
        int limit = call.queryInt("limit", 50, 1, 500);
        ObjectNode body = Call.JSON.createObjectNode();
        if (!state.equals("decided")) waiting(body.putArray("waiting"), limit);
        if (!state.equals("waiting")) decided(body.putArray("decided"), limit);
        return Answer.ok(body);
    }

    private void waiting(ArrayNode out, int limit) {
        for (Waiting w : rows(Waiting.OLDEST_FIRST, Waiting::read, limit)) {
            ObjectNode n = out.addObject().put("run_id", w.runId()).put("pipeline", w.pipeline()).put("step", w.step())
                    .put("since", w.since().toString());
            Optional<Duration> timeout = timeout(w);
            n.put("timeout_seconds", timeout.map(Duration::toSeconds).orElse(null));
            n.put("deadline", timeout.map(t -> w.since().plus(t).toString()).orElse(null));
        }
    }

    private void decided(ArrayNode out, int limit) {
        for (Decided d : rows(Decided.NEWEST_FIRST, Decided::read, limit)) {
            out.addObject().put("run_id", d.runId()).put("pipeline", d.pipeline()).put("step", d.step())
                    .put("decision", d.decision()).put("by", d.by()).put("at", d.at().toString()).put("comment", d.comment());
        }
    }

    private <T> List<T> rows(String sql, Sql.Row<T> row, int limit) {
        return ctx.workspace().metadata().sql().read(c -> Sql.list(c, sql, row, limit));
    }

    /** The step's {@code timeout:} in the registered version the run ran, when the server knows that version. */
    private Optional<Duration> timeout(Waiting w) {
        Optional<String> digest = ctx.workspace().metadata().sql().read(c -> Sql.first(c, "SELECT digest FROM server_pipeline_versions"
                + " WHERE name = ? AND pipeline_id = ? ORDER BY registered_at DESC", rs -> rs.getString(1), w.pipeline(), w.pipelineId()));
        Optional<PipelineVersion> v = digest.flatMap(d -> ctx.catalog().version(w.pipeline(), d));
        if (v.isEmpty()) return Optional.empty();
        StepSpec s = ctx.catalog().spec(v.get()).steps().get(w.baseStep());
        return s == null ? Optional.empty() : s.timeout();
    }
}
