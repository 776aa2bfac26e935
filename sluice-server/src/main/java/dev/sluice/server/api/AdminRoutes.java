package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.audit.AuditEntry;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.auth.ApiToken;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.TokenTtl;
import dev.sluice.server.auth.Tokens;

import java.util.List;
import java.util.Optional;

/** The server itself: health, the API description, who the caller is, tokens (admin) and the audit log. */
record AdminRoutes(ServerContext ctx, OpenApi openApi) {
    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/health", Access.PUBLIC, this::health),
                Route.get("/api/v1/openapi.json", Access.PUBLIC, c -> Answer.ok(openApi.document())),
                Route.get("/api/v1/whoami", Access.VIEWER, this::whoami),
                Route.get("/api/v1/tokens", Access.ADMIN, this::tokens),
                Route.post("/api/v1/tokens", Access.ADMIN, "token.create", this::createToken),
                Route.delete("/api/v1/tokens/{name}", Access.ADMIN, "token.revoke", this::revokeToken),
                Route.get("/api/v1/audit", Access.VIEWER, this::audit));
    }

    private Answer health(Call call) {
        ObjectNode n = Call.JSON.createObjectNode();
        n.put("status", ctx.worker().accepting() ? "up" : "draining");
        n.put("running_here", ctx.worker().runningHere().size());
        n.put("run_slots", ctx.config().runSlots());
        return Answer.ok(n);
    }

    private Answer whoami(Call call) {
        return Answer.ok(Call.JSON.createObjectNode().put("name", call.caller().name()).put("role", call.caller().role().label()));
    }

    private Answer tokens(Call call) {
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("tokens");
        for (ApiToken t : ctx.tokens().list()) out.add(token(t));
        return Answer.ok(body);
    }

    static ObjectNode token(ApiToken t) {
        return Call.JSON.createObjectNode().put("name", t.name()).put("role", t.role().label()).put("id", t.id())
                .put("created", t.created().toString()).put("created_by", t.createdBy())
                .put("expires", t.expires().map(Object::toString).orElse(null))
                .put("revoked", t.revoked().map(Object::toString).orElse(null));
    }

    /** {@code {"name": "ci", "role": "operator", "expires_in": "90d"}}: the answer holds the token, shown this once. */
    private Answer createToken(Call call) {
        ObjectNode body = call.json();
        String name = body.path("name").asText("");
        Role role = Role.parse(body.path("role").asText("")).orElseThrow(() -> ApiError.badRequest(
                "give the token's role: {\"name\": \"ci\", \"role\": \"viewer|operator|admin\"}"));
        Optional<java.time.Duration> ttl = body.path("expires_in").isTextual()
                ? Optional.of(TokenTtl.parse(body.path("expires_in").asText()).orElseThrow(() -> ApiError.badRequest(
                "expires_in must be a duration such as 90d, 12h or 30m")))
                : Optional.empty();
        Tokens.Created created = ctx.tokens().create(name, role, ttl, call.caller().name());
        call.audit("token " + name, "created a " + role.label() + " token" + ttl.map(t -> " expiring in " + t).orElse(""));
        ObjectNode n = token(created.info());
        n.put("token", created.token());
        return Answer.created(n);
    }

    private Answer revokeToken(Call call) {
        String name = call.path("name");
        if (!ctx.tokens().revoke(name)) throw ApiError.notFound("no active token named '" + name + "'");
        call.audit("token " + name, "revoked");
        return Answer.ok(Call.JSON.createObjectNode().put("name", name).put("revoked", true));
    }

    private Answer audit(Call call) {
        int limit = call.queryInt("limit", 100, 1, 1000);
        Optional<Long> before = call.query("cursor").map(c -> {
            try {
                return Long.parseLong(c);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("cursor must be the next_cursor of an earlier answer");
            }
        });
        List<AuditEntry> entries = ctx.audit().list(new AuditLog.Query(limit, before, call.query("actor"), call.query("action")));
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("entries");
        for (AuditEntry e : entries) {
            out.addObject().put("id", e.id()).put("at", e.at().toString()).put("actor", e.actor()).put("action", e.action())
                    .put("target", e.target()).put("outcome", e.outcome()).put("status", e.status()).put("detail", e.detail());
        }
        body.put("next_cursor", entries.size() == limit ? Long.toString(entries.getLast().id()) : null);
        return Answer.ok(body);
    }
}
