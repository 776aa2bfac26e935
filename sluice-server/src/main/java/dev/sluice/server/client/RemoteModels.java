package dev.sluice.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.exec.ModelFacts;
import dev.sluice.meta.MetadataException;
import dev.sluice.server.api.RowJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry through a server's API ({@code sluice models --server URL}, {@code sluice promote --server URL}):
 * listing and resolving read {@code /api/v1/models}; moving an alias calls {@code promote} (the server's token must
 * be an admin's). Registering is for runs, not for clients. Thread-safe.
 */
public final class RemoteModels implements ModelRegistry {
    private final ServerClient client;
    /** The model type and selection metric of each version this client has read, by {@code name@version}. */
    private final Map<String, ModelFacts> facts = new java.util.concurrent.ConcurrentHashMap<>();

    public RemoteModels(ServerClient client) {
        this.client = client;
    }

    @Override
    public ModelVersion register(String name, String artifactId, Optional<String> stepRunId, List<String> aliases) {
        throw new UnsupportedOperationException("models are registered by runs (a register step), not through the API");
    }

    @Override
    public ModelVersion alias(String name, int version, String alias) {
        try {
            return remember(client.post("/api/v1/models/" + ServerClient.segment(name) + "/promote",
                    Map.of("version", version, "alias", alias)));
        } catch (ServerClient.ApiException e) {
            if (e.status() == 404 || e.status() == 400) throw new MetadataException(e.getMessage());
            throw e;
        }
    }

    private ModelVersion remember(JsonNode n) {
        ModelVersion v = RowJson.modelVersion(n);
        facts.put(v.name() + "@" + v.version(), RowJson.modelFacts(n));
        return v;
    }

    @Override
    public List<ModelVersion> versions(String name) {
        try {
            return list(client.get("/api/v1/models/" + ServerClient.segment(name)).path("versions"));
        } catch (ServerClient.ApiException e) {
            if (e.status() == 404) return List.of();
            throw e;
        }
    }

    @Override
    public List<ModelVersion> latest() {
        return list(client.get("/api/v1/models").path("models"));
    }

    @Override
    public Optional<ModelVersion> resolve(String reference) {
        int at = reference.indexOf('@');
        String name = at < 0 ? reference : reference.substring(0, at);
        List<ModelVersion> versions = versions(name);
        if (at < 0) return versions.stream().findFirst();
        String which = reference.substring(at + 1);
        return versions.stream().filter(v -> v.aliases().contains(which) || Integer.toString(v.version()).equals(which)).findFirst();
    }

    /** The facts the server gave for a version this client has listed or resolved. */
    public ModelFacts facts(ModelVersion v) {
        return facts.getOrDefault(v.name() + "@" + v.version(), new ModelFacts("-", Optional.empty()));
    }

    private List<ModelVersion> list(JsonNode array) {
        List<ModelVersion> out = new ArrayList<>();
        array.forEach(n -> {
            ModelVersion v = RowJson.modelVersion(n);
            facts.put(v.name() + "@" + v.version(), RowJson.modelFacts(n));
            out.add(v);
        });
        return out;
    }
}
