package dev.sluice.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.SweepRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.server.api.RowJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read side of a workspace through a server's API, so that {@code sluice runs --server URL} and
 * {@code sluice show RUN --server URL} print exactly what they print locally: runs, a run by id or prefix, its step
 * runs, what triggered it, and artifacts. The cache's queries ({@link #latestSucceeded} and the like) are not
 * available remotely. Thread-safe.
 */
public final class RemoteQueries implements MetadataQueries {
    private final ServerClient client;
    private final Map<String, Optional<RunTrigger>> triggers = new ConcurrentHashMap<>();

    public RemoteQueries(ServerClient client) {
        this.client = client;
    }

    @Override
    public List<RunRow> runs(int limit) {
        List<RunRow> out = new ArrayList<>();
        for (JsonNode r : client.get("/api/v1/runs?limit=" + Math.min(limit, 500)).path("runs")) out.add(remember(r));
        return out;
    }

    @Override
    public Optional<RunRow> run(String idOrPrefix) {
        try {
            return Optional.of(remember(client.get("/api/v1/runs/" + ServerClient.segment(idOrPrefix))));
        } catch (ServerClient.ApiException e) {
            if (e.status() == 404) return Optional.empty();
            throw new MetadataException(e.getMessage());
        }
    }

    private RunRow remember(JsonNode r) {
        RunRow row = RowJson.runRow(r);
        triggers.put(row.id(), RowJson.trigger(r));
        return row;
    }

    @Override
    public List<StepRunRow> stepRuns(String runId) {
        List<StepRunRow> out = new ArrayList<>();
        for (JsonNode s : client.get("/api/v1/runs/" + ServerClient.segment(runId) + "/steps").path("steps")) out.add(RowJson.stepRunRow(s));
        return out;
    }

    @Override
    public Optional<StepRunRow> stepRun(String runId, String step) {
        return stepRuns(runId).stream().filter(s -> s.step().equals(step))
                .max(java.util.Comparator.comparingInt(StepRunRow::attempt));
    }

    @Override
    public List<SweepRow> sweeps(String runId) {
        List<SweepRow> out = new ArrayList<>();
        for (JsonNode w : client.get("/api/v1/runs/" + ServerClient.segment(runId)).path("sweeps")) out.add(RowJson.sweepRow(runId, w));
        return out;
    }

    @Override
    public Optional<RunTrigger> trigger(String runId) {
        Optional<RunTrigger> known = triggers.get(runId);
        if (known != null) return known;
        return run(runId).flatMap(r -> triggers.getOrDefault(r.id(), Optional.empty()));
    }

    @Override
    public List<ArtifactRow> artifacts(int limit) {
        List<ArtifactRow> out = new ArrayList<>();
        for (JsonNode a : client.get("/api/v1/artifacts?limit=" + Math.min(limit, 1000)).path("artifacts")) out.add(artifact(a));
        return out;
    }

    @Override
    public Optional<ArtifactRow> artifact(String idOrPrefix) {
        try {
            return Optional.of(artifact(client.get("/api/v1/artifacts/" + ServerClient.segment(idOrPrefix))));
        } catch (ServerClient.ApiException e) {
            if (e.status() == 404) return Optional.empty();
            throw new MetadataException(e.getMessage());
        }
    }

    private static ArtifactRow artifact(JsonNode a) {
        return new ArtifactRow(a.path("id").asText(), a.path("kind").asText(), a.path("media_type").asText(),
                a.path("size").asLong(), Instant.parse(a.path("created").asText()));
    }

    @Override
    public Optional<Set<String>> succeededCacheKeys(int limit) {
        throw notRemote("the cache");
    }

    @Override
    public Optional<StepRunRow> latestSucceeded(String cacheKey) {
        throw notRemote("the cache");
    }

    @Override
    public List<StepRunRow> earlierStepRuns(String pipelineName, String step, Instant before, int limit) {
        throw notRemote("earlier step runs");
    }

    @Override
    public Optional<byte[]> artifactContent(String artifactId) {
        throw notRemote("stored artifact bytes");
    }

    private static UnsupportedOperationException notRemote(String what) {
        return new UnsupportedOperationException(what + " cannot be read through the server's API");
    }
}
