package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.TriggerSpec;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.sql.Sql;
import dev.sluice.server.trigger.RateLimit;
import dev.sluice.server.trigger.TriggerSettings;
import dev.sluice.server.trigger.TriggerStates;
import dev.sluice.server.trigger.TriggeredRuns;
import dev.sluice.server.trigger.WebhookSignature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/hooks/{pipeline}/{name}}: a signed delivery of a pipeline's webhook trigger queues one run. No
 * token: the HMAC signature under the trigger's secret (from the server's environment) is the credential. In order:
 * the trigger must exist, its secret be set, the signature match and the timestamp be within 5 minutes
 * ({@link WebhookSignature}); a paused trigger then answers 409 {@code trigger_paused} and records nothing; then the
 * per-trigger rate limit (429 with {@code Retry-After}); the mapped body fields
 * become parameters, validated against {@code params:}; the delivery id (and the signature) is recorded in the
 * transaction that queues the run, so a replay queues nothing (409 naming the run the delivery queued). Answers 202
 * with the run id. Every call, refused or not, is audited by the {@link Guard} with a reason that never quotes the
 * body or the secret. Thread-safe.
 */
public final class HookRoutes {
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private final ServerContext ctx;
    private final TriggeredRuns runs;
    private final TriggerSettings settings;
    private final RateLimit limits = new RateLimit();
    private final Clock clock;

    public HookRoutes(ServerContext ctx, TriggeredRuns runs, TriggerSettings settings, Clock clock) {
        this.ctx = ctx;
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(Route.post("/api/v1/hooks/{pipeline}/{name}", Access.PUBLIC, "hook.deliver", this::deliver));
    }

    private Answer deliver(Call call) {
        String pipeline = call.path("pipeline");
        String name = call.path("name");
        String key = pipeline + "/" + name;
        call.audit("hook " + key, "");
        TriggeredRuns.Found<TriggerSpec.Webhook> found = runs.find(pipeline, name, TriggerSpec.Webhook.class)
                .orElseThrow(() -> ApiError.notFound("pipeline '" + pipeline + "' has no webhook trigger '" + name
                        + "' (a registered pipeline declares it under triggers:)"));
        TriggerSpec.Webhook hook = found.trigger();
        Optional<String> secret = settings.environment().apply(hook.secretEnv()).filter(s -> !s.isEmpty());
        if (secret.isEmpty()) {
            throw new ApiError(503, "no_secret", "the server's environment has no " + hook.secretEnv() + ", which holds"
                    + " the secret of webhook '" + key + "'; set it where the server starts and restart it");
        }
        byte[] body = call.bytes();
        Optional<String> signature = call.header(WebhookSignature.SIGNATURE_HEADER);
        WebhookSignature.check(secret.get().getBytes(StandardCharsets.UTF_8), call.header(WebhookSignature.TIMESTAMP_HEADER),
                signature, body, clock.instant()).ifPresent(r -> { throw new ApiError(401, r.code(), r.detail()); });
        TriggerStates.State state = runs.states().find(pipeline, name);
        if (state.paused()) { // after the signature: only the secret's holder learns it is paused
            call.audit("hook " + key, "refused delivery: the trigger is paused");
            throw new ApiError(409, "trigger_paused", "webhook '" + key + "' is paused" + state.changedBy().map(b -> " (by " + b
                    + ")").orElse("") + "; this delivery queued nothing and was not recorded, so send it again once an"
                    + " operator resumed it (POST /api/v1/pipelines/" + pipeline + "/triggers/" + name + "/resume)");
        }
        String delivery = call.header(WebhookSignature.DELIVERY_HEADER).map(String::strip).orElse("");
        if (!DELIVERY_ID.matcher(delivery).matches()) {
            throw ApiError.badRequest("a webhook delivery needs " + WebhookSignature.DELIVERY_HEADER + ": an id of 1 to"
                    + " 128 letters, digits, '.', '_', ':' or '-', the same when the delivery is sent again");
        }
        OptionalLong wait = limits.take(key, hook.maxPerMinute(), clock.instant());
        if (wait.isPresent()) {
            call.audit("hook " + key, "refused delivery " + delivery + ": more than " + hook.maxPerMinute()
                    + " per minute (max_per_minute)");
            return tooMany(key, hook.maxPerMinute(), wait.getAsLong());
        }
        Optional<QueueEntry> queued;
        try {
            Map<String, String> params = params(hook, body);
            queued = runs.queue(found.version(), params, RunTrigger.webhook(name, delivery), "webhook:" + key,
                    TriggeredRuns.delivery(pipeline, name, delivery, signature.orElseThrow().strip().toLowerCase()));
        } catch (RuntimeException e) {
            limits.giveBack(key);
            throw e;
        }
        if (queued.isEmpty()) {
            limits.giveBack(key);
            String earlier = earlierRun(pipeline, name, delivery, signature.get().strip().toLowerCase());
            throw new ApiError(409, "duplicate_delivery", "delivery " + delivery + " was received before and queued run "
                    + earlier + "; a delivery (or the same signed request under another id) queues one run",
                    Map.of("run_id", earlier));
        }
        QueueEntry e = queued.get();
        call.audit(e.runId(), "queued run " + e.runId() + " of " + pipeline + " for webhook " + name + " delivery " + delivery);
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("run_id", e.runId()).put("status", "queued").put("pipeline", e.pipeline()).put("version", e.version())
                .put("trigger", name).put("delivery", delivery).put("events", "/api/v1/runs/" + e.runId() + "/events");
        n.set("params", Call.JSON.valueToTree(e.params()));
        return Answer.accepted(n);
    }

    /** The declared body fields as parameter values; a 400 naming a missing field or one that is not a value. */
    private static Map<String, String> params(TriggerSpec.Webhook hook, byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (hook.params().isEmpty()) return out;
        JsonNode root;
        try {
            root = body.length == 0 ? Call.JSON.createObjectNode() : Call.JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("the delivery's body is not JSON; this webhook maps body fields to parameters ("
                    + String.join(", ", hook.params().values()) + ")");
        }
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(hook.params()).entrySet()) {
            JsonNode v = root;
            for (String part : p.getValue().substring(2).split("\\.")) v = v.path(part);
            if (v.isMissingNode() || v.isNull()) {
                throw ApiError.badRequest("the delivery's body has no " + p.getValue() + ", which parameter '" + p.getKey()
                        + "' takes");
            }
            if (!v.isValueNode()) {
                throw ApiError.badRequest(p.getValue() + " must be text, a number or true/false for parameter '"
                        + p.getKey() + "', got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            out.put(p.getKey(), v.asText());
        }
        return out;
    }

    private String earlierRun(String pipeline, String name, String delivery, String signature) {
        return ctx.workspace().metadata().sql().read(c -> Sql.first(c, "SELECT run_id FROM server_hook_deliveries"
                + " WHERE (pipeline = ? AND trigger_name = ? AND delivery_id = ?) OR signature = ?", rs -> rs.getString(1),
                pipeline, name, delivery, signature)).orElse("(unknown)");
    }

    private static Answer tooMany(String key, int perMinute, long retryAfter) {
        ObjectNode body = Call.JSON.createObjectNode().put("error", "rate_limited").put("detail", "webhook '" + key
                + "' accepts " + perMinute + " deliveries per minute (max_per_minute); send this one again in "
                + retryAfter + " s").put("retry_after", retryAfter);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return new Answer.Stream(429, Map.of("Content-Type", "application/json", "Retry-After", Long.toString(retryAfter)),
                out -> out.write(bytes));
    }
}
