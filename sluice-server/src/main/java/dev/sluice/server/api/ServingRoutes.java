package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.internal.Durations;
import dev.sluice.serve.ModelRef;
import dev.sluice.server.serving.DriftAlarm;
import dev.sluice.server.serving.ServeSpec;
import dev.sluice.server.serving.ServedModel;
import dev.sluice.server.serving.Serving;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The models the server serves: list them with their drift state, start serving one (admin), stop one (admin).
 * Thread-safe.
 */
public final class ServingRoutes {
    private static final Set<String> SETTINGS = Set.of("port", "retrain", "check", "window", "min_rows", "cooldown", "poll");

    private final Serving serving;

    public ServingRoutes(Serving serving) {
        this.serving = serving;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/serving", Access.VIEWER, this::list),
                Route.post("/api/v1/serving", Access.ADMIN, "serving.start", this::add),
                Route.delete("/api/v1/serving/{model}", Access.ADMIN, "serving.stop", this::remove));
    }

    private Answer list(Call call) {
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("served");
        for (ServedModel m : serving.list()) out.add(json(m.status()));
        ArrayNode failed = body.putArray("not_served");
        serving.notServed().forEach((model, why) -> failed.addObject().put("model", model).put("error", why));
        return Answer.ok(body);
    }

    private Answer add(Call call) {
        ObjectNode body = call.json();
        String model = body.path("model").asText("");
        if (model.isBlank()) {
            throw ApiError.badRequest("give the model to serve: {\"model\": \"NAME[@ALIAS]\", \"retrain\": \"PIPELINE\", \"check\": \"5m\"}");
        }
        ServeSpec spec;
        try {
            spec = ServeSpec.of(ModelRef.parse(model));
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                if (e.getKey().equals("model")) continue;
                if (!SETTINGS.contains(e.getKey())) {
                    throw new IllegalArgumentException("unknown setting '" + e.getKey() + "'; the settings are model, "
                            + String.join(", ", SETTINGS.stream().sorted().toList()));
                }
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new IllegalArgumentException(e.getKey() + " must be text or a number");
                }
                spec = spec.with(e.getKey(), e.getValue().asText());
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ServedModel m;
        try {
            m = serving.add(spec, call.caller().name());
        } catch (Serving.ServingException e) {
            throw e.conflict() ? ApiError.conflict(e.getMessage()) : ApiError.badRequest(e.getMessage());
        }
        call.audit(spec.key(), "serving " + spec + " on port " + m.port());
        return Answer.created(json(m.status()));
    }

    private Answer remove(Call call) {
        String key = call.path("model");
        String found;
        try {
            found = ModelRef.parse(key).toString();
        } catch (IllegalArgumentException e) {
            found = key;
        }
        if (!serving.remove(found)) {
            throw ApiError.notFound("model " + key + " is not served here; GET /api/v1/serving lists what is");
        }
        call.audit(found, "stopped serving " + found);
        return Answer.ok(Call.JSON.createObjectNode().put("model", found).put("stopped", true));
    }

    /** One served model with its settings and drift state. */
    static ObjectNode json(ServedModel.Status s) {
        ServeSpec spec = s.spec();
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("model", spec.key()).put("name", spec.model().name()).put("alias", spec.model().alias());
        n.put("version", s.version()).put("port", s.port())
                .put("url", "http://127.0.0.1:" + s.port() + "/v1/models/" + spec.model().name() + "/predict");
        n.put("retrain", spec.retrain().orElse(null)).put("check", Durations.text(spec.checkEvery())).put("window", spec.window())
                .put("min_rows", spec.minRows()).put("cooldown", Durations.text(spec.cooldown())).put("poll", Durations.text(spec.poll()));
        n.put("checks", s.checks());
        ObjectNode last = n.putObject("last_check");
        last.put("at", s.lastCheck().map(Object::toString).orElse(null)).put("status", s.lastStatus())
                .put("report", s.lastReport().orElse(null)).put("detail", s.lastDetail());
        if (s.lastAlarm().isEmpty()) n.putNull("last_alarm");
        else n.set("last_alarm", alarm(s.lastAlarm().get()));
        if (s.lastRetrain().isEmpty()) n.putNull("last_retraining");
        else n.set("last_retraining", alarm(s.lastRetrain().get()));
        n.put("retraining_run", s.retraining().orElse(null));
        return n;
    }

    static ObjectNode alarm(DriftAlarm a) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("at", a.at().toString()).put("report", a.artifact()).put("version", a.report().version().orElse(null))
                .put("action", a.action()).put("detail", a.detail()).put("run_id", a.runId().orElse(null))
                .put("repeated", a.repeated());
        ArrayNode drifted = n.putArray("drifted");
        a.drifted().forEach(drifted::add);
        return n;
    }
}
