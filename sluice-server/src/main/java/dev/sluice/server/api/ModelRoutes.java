package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.exec.ModelFacts;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Models: the registry's models, each one's versions with metrics and aliases, and moving an alias (admin):
 * {@code promote} points it at a version, {@code rollback} at the newest version older than the one it points at.
 */
record ModelRoutes(ServerContext ctx) {
    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/models", Access.VIEWER, this::list),
                Route.get("/api/v1/models/{name}", Access.VIEWER, this::get),
                Route.post("/api/v1/models/{name}/promote", Access.ADMIN, "model.promote", this::promote),
                Route.post("/api/v1/models/{name}/rollback", Access.ADMIN, "model.rollback", this::rollback));
    }

    private ModelRegistry registry() {
        return ctx.workspace().metadata().models();
    }

    private Answer list(Call call) {
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode models = body.putArray("models");
        registry().latest().forEach(v -> models.add(RowJson.model(v, ModelFacts.of(ctx.workspace(), v))));
        return Answer.ok(body);
    }

    private List<ModelVersion> versions(String name) {
        List<ModelVersion> versions = registry().versions(name);
        if (versions.isEmpty()) {
            throw ApiError.notFound("no model '" + name + "' is registered; GET /api/v1/models lists them");
        }
        return versions;
    }

    private Answer get(Call call) {
        String name = call.path("name");
        ObjectNode body = Call.JSON.createObjectNode().put("name", name);
        ArrayNode out = body.putArray("versions");
        ObjectNode aliases = body.putObject("aliases");
        for (ModelVersion v : versions(name)) {
            out.add(RowJson.model(v, ModelFacts.of(ctx.workspace(), v)));
            v.aliases().forEach(a -> aliases.put(a, v.version()));
        }
        return Answer.ok(body);
    }

    /** {@code {"version": 3, "alias": "champion"}} */
    private Answer promote(Call call) {
        String name = call.path("name");
        ObjectNode body = call.json();
        JsonNode version = body.path("version");
        if (!version.canConvertToInt()) throw ApiError.badRequest("give the version to promote: {\"version\": 3, \"alias\": \"champion\"}");
        String alias = alias(body);
        List<ModelVersion> versions = versions(name);
        int wanted = version.asInt();
        if (versions.stream().noneMatch(v -> v.version() == wanted)) {
            throw ApiError.notFound("model '" + name + "' has no version " + wanted + "; it has "
                    + versions.stream().map(v -> Integer.toString(v.version())).toList());
        }
        return Answer.ok(move(call, name, alias, wanted));
    }

    /** {@code {"alias": "champion"}}: back to the newest version older than the alias's. */
    private Answer rollback(Call call) {
        String name = call.path("name");
        String alias = alias(call.json());
        List<ModelVersion> versions = versions(name);
        ModelVersion current = versions.stream().filter(v -> v.aliases().contains(alias)).findFirst()
                .orElseThrow(() -> ApiError.conflict("no version of '" + name + "' has the alias '" + alias + "'; promote one first"));
        Optional<ModelVersion> previous = versions.stream().filter(v -> v.version() < current.version())
                .max(Comparator.comparingInt(ModelVersion::version));
        if (previous.isEmpty()) {
            throw ApiError.conflict(name + "@" + alias + " is version " + current.version() + ", the oldest; there is nothing to roll back to");
        }
        return Answer.ok(move(call, name, alias, previous.get().version()));
    }

    private ObjectNode move(Call call, String name, String alias, int version) {
        Optional<Integer> before = registry().resolve(name + "@" + alias).map(ModelVersion::version);
        ModelVersion v = registry().alias(name, version, alias);
        call.audit(name + "@" + alias, name + "@" + alias + ": " + before.map(Object::toString).orElse("none") + " -> " + version);
        ObjectNode n = RowJson.model(v, ModelFacts.of(ctx.workspace(), v));
        n.put("alias", alias);
        if (before.isPresent()) n.put("previous", before.get());
        else n.putNull("previous");
        return n;
    }

    private static String alias(ObjectNode body) {
        String alias = body.path("alias").asText("champion");
        if (!alias.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
            throw ApiError.badRequest("alias '" + alias + "' must be a name: a letter, then letters, digits, '_' or '-'");
        }
        return alias;
    }
}
