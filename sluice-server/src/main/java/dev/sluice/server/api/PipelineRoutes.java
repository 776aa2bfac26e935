package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.TriggerSpec;
import dev.sluice.report.DagPositions;
import dev.sluice.report.RunView;
import dev.sluice.server.catalog.InvalidFile;
import dev.sluice.server.catalog.PipelineVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pipelines: the registry, each one's versions, a version's text and its DAG, and submitting one in a request. */
record PipelineRoutes(ServerContext ctx) {
    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/pipelines", Access.VIEWER, this::list),
                Route.post("/api/v1/pipelines", Access.ADMIN, "pipeline.submit", this::submit),
                Route.get("/api/v1/pipelines/{name}", Access.VIEWER, this::get),
                Route.get("/api/v1/pipelines/{name}/versions", Access.VIEWER, this::versions),
                Route.get("/api/v1/pipelines/{name}/versions/{version}", Access.VIEWER, this::version),
                Route.get("/api/v1/pipelines/{name}/dag", Access.VIEWER, this::dag));
    }

    private Answer list(Call call) {
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode pipelines = body.putArray("pipelines");
        for (PipelineVersion v : ctx.catalog().latest()) pipelines.add(summary(v));
        ArrayNode invalid = body.putArray("invalid");
        for (InvalidFile f : ctx.catalog().invalid()) {
            invalid.addObject().put("file", f.file().toString()).set("problems", Guard.problems(new DefinitionException(f.problems())));
        }
        return Answer.ok(body);
    }

    private ObjectNode summary(PipelineVersion v) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("name", v.name());
        n.put("version", v.digest());
        n.put("source", v.source());
        n.put("registered", v.registered().toString());
        PipelineSpec spec = ctx.catalog().spec(v);
        n.put("steps", spec.steps().size());
        spec.concurrency().ifPresentOrElse(c -> n.putObject("concurrency").put("max", c.max()).put("policy", c.policy().yamlName()),
                () -> n.putNull("concurrency"));
        ArrayNode triggers = n.putArray("triggers");
        for (TriggerSpec t : spec.triggers()) triggers.add(TriggerRoutes.json(v.name(), t, ctx));
        ArrayNode params = n.putArray("params");
        for (ParamSpec p : spec.params().values()) {
            ObjectNode param = params.addObject().put("name", p.name()).put("type", p.type().yamlName())
                    .put("required", p.required() && p.defaultValue().isEmpty());
            param.set("default", Call.JSON.valueToTree(p.defaultValue().orElse(null)));
            param.set("min", Call.JSON.valueToTree(p.min().orElse(null)));
            param.set("max", Call.JSON.valueToTree(p.max().orElse(null)));
            param.set("allowed", Call.JSON.valueToTree(p.allowed()));
        }
        return n;
    }

    private Answer get(Call call) {
        return Answer.ok(summary(Pipelines.version(ctx, call.path("name"), "latest")));
    }

    private Answer versions(Call call) {
        String name = call.path("name");
        Pipelines.version(ctx, name, "latest"); // 404 for an unknown pipeline
        ObjectNode body = Call.JSON.createObjectNode().put("name", name);
        ArrayNode versions = body.putArray("versions");
        for (PipelineVersion v : ctx.catalog().versions(name)) {
            versions.addObject().put("version", v.digest()).put("source", v.source()).put("registered", v.registered().toString())
                    .set("files", Call.JSON.valueToTree(v.files()));
        }
        return Answer.ok(body);
    }

    private Answer version(Call call) {
        PipelineVersion v = Pipelines.version(ctx, call.path("name"), call.path("version"));
        ObjectNode n = summary(v);
        n.set("files", Call.JSON.valueToTree(v.files()));
        n.put("yaml", v.yaml());
        return Answer.ok(n);
    }

    /** The DAG with a place per step instance: column (longest path from a source) and row, as the HTML report draws it. */
    private Answer dag(Call call) {
        PipelineVersion v = Pipelines.version(ctx, call.path("name"), call.query("version").orElse("latest"));
        Pipeline p = ctx.catalog().definitions().validateShape(ctx.catalog().spec(v));
        List<String> names = new ArrayList<>();
        List<RunView.Edge> edges = new ArrayList<>();
        for (StepNode s : p.steps()) {
            names.add(s.name());
            for (String d : s.dependencies()) edges.add(new RunView.Edge(d, s.name()));
        }
        Map<String, DagPositions.Position> at = DagPositions.of(names, edges);
        ObjectNode body = Call.JSON.createObjectNode().put("name", v.name()).put("version", v.digest());
        ArrayNode nodes = body.putArray("nodes");
        for (StepNode s : p.steps()) {
            DagPositions.Position pos = at.get(s.name());
            ObjectNode n = nodes.addObject().put("name", s.name()).put("base_step", s.baseName())
                    .put("uses", s.kind() instanceof StepKind.JavaStep j ? j.component().spec().name() : "run")
                    .put("column", pos.column()).put("row", pos.row());
            n.set("matrix", Call.JSON.valueToTree(s.matrixValues()));
            n.set("depends_on", Call.JSON.valueToTree(s.dependencies()));
        }
        ArrayNode out = body.putArray("edges");
        for (RunView.Edge e : edges) out.addObject().put("from", e.from()).put("to", e.to());
        body.put("columns", at.values().stream().mapToInt(DagPositions.Position::column).max().orElse(-1) + 1);
        return Answer.ok(body);
    }

    /** {@code {"yaml": "..."}}: registers the pipeline (admin); 201 with its version, or 400 with every problem. */
    private Answer submit(Call call) {
        ObjectNode body = call.json();
        if (!body.path("yaml").isTextual()) {
            throw ApiError.badRequest("give the pipeline file's text: {\"yaml\": \"pipeline: NAME\\nsteps: ...\"}");
        }
        PipelineVersion v = ctx.catalog().submit(body.path("yaml").asText(), call.caller().name());
        call.audit(v.name(), "registered version " + v.shortDigest());
        return Answer.created(summary(v));
    }
}
