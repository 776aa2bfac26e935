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
import java.util.function.Function;

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
        return list("/api/v1/runs?limit=" + Math.min(limit, 500), "runs", this::remember);
    }

    @Override
    public Optional<RunRow> run(String idOrPrefix) {
        return find("/api/v1/runs/" + ServerClient.segment(idOrPrefix), this::remember);
    }

    private RunRow remember(JsonNode r) {
        RunRow row = RowJson.runRow(r);
        triggers.put(row.id(), RowJson.trigger(r));
        return row;
    }

    @Override
    public List<StepRunRow> stepRuns(String runId) {
        return list("/api/v1/runs/" + ServerClient.segment(runId) + "/steps", "steps", RowJson::stepRunRow);
    }

    @Override
    public Optional<StepRunRow> stepRun(String runId, String step) {
        return stepRuns(runId).stream().filter(s -> s.step().equals(step))
                .max(java.util.Comparator.comparingInt(StepRunRow::attempt));
    }

    @Override
    public List<SweepRow> sweeps(String runId) {
        return list("/api/v1/runs/" + ServerClient.segment(runId), "sweeps", w -> RowJson.sweepRow(runId, w));
    }

    @Override
    public Optional<RunTrigger> trigger(String runId) {
        Optional<RunTrigger> known = triggers.get(runId);
        if (known != null) return known;
        return run(runId).flatMap(r -> triggers.getOrDefault(r.id(), Optional.empty()));
    }

    @Override
    public List<ArtifactRow> artifacts(int limit) {
        return list("/api/v1/artifacts?limit=" + Math.min(limit, 1000), "artifacts", RemoteQueries::artifact);
    }

    @Override
    public Optional<ArtifactRow> artifact(String idOrPrefix) {
        return find("/api/v1/artifacts/" + ServerClient.segment(idOrPrefix), RemoteQueries::artifact);
    }

    /** The elements of array {@code field} in the answer to GET {@code path}, each mapped. */
    private <T> List<T> list(String path, String field, Function<JsonNode, T> map) {
        List<T> out = new ArrayList<>();
        for (JsonNode n : client.get(path).path(field)) out.add(map.apply(n));
        return out;
    }

    /** The answer to GET {@code path}, mapped; empty when the server answers 404. */
    private <T> Optional<T> find(String path, Function<JsonNode, T> map) {
        try {
            return Optional.of(map.apply(client.get(path)));
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
