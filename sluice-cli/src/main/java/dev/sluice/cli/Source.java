package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.exec.ModelFacts;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.server.client.RemoteModels;
import dev.sluice.server.client.RemoteQueries;
import dev.sluice.server.client.ServerClient;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a command reads and changes what Sluice recorded: the local workspace ({@code SLUICE_HOME}), or a
 * {@code sluice server} given by {@code --server URL} or {@code SLUICE_SERVER}, with the token in {@code SLUICE_TOKEN}
 * (or, for a server on this workspace, the admin token it wrote at its first start). Not thread-safe (one per
 * invocation); close it after use.
 */
final class Source implements AutoCloseable {
    static final String SERVER_ENV = "SLUICE_SERVER";
    static final String TOKEN_ENV = "SLUICE_TOKEN";

    private final Optional<Workspace> workspace;
    private final Optional<ServerClient> client;
    private final MetadataQueries queries;
    private final ModelRegistry models;

    private Source(Optional<Workspace> workspace, Optional<ServerClient> client, MetadataQueries queries, ModelRegistry models) {
        this.workspace = workspace;
        this.client = client;
        this.queries = queries;
        this.models = models;
    }

    /** The server named by {@code --server} or {@code SLUICE_SERVER}, if any. */
    static Optional<String> serverUrl(CliEnvironment env, String option) {
        if (option != null && !option.isBlank()) return Optional.of(option.strip());
        return Optional.ofNullable(env.env().get(SERVER_ENV)).filter(s -> !s.isBlank()).map(String::strip);
    }

    /** Opens the server's API when one is named, else the local workspace. */
    static Source open(CliEnvironment env, String serverOption, CommandLine.Model.CommandSpec spec) {
        Optional<String> url = serverUrl(env, serverOption);
        if (url.isEmpty()) {
            Workspace ws = Workspace.open(env.home());
            return new Source(Optional.of(ws), Optional.empty(), ws.metadata().queries(), ws.metadata().models());
        }
        ServerClient c = client(env, url.get(), spec);
        return new Source(Optional.empty(), Optional.of(c), new RemoteQueries(c), new RemoteModels(c));
    }

    /**
     * As {@link #open}, for a command that only reads: the local workspace is never created here (a folder where
     * nothing ran stays without {@code .sluice/}), so it is empty when there is none and no server is named.
     */
    static Optional<Source> existing(CliEnvironment env, String serverOption, CommandLine.Model.CommandSpec spec) {
        if (serverUrl(env, serverOption).isPresent()) return Optional.of(open(env, serverOption, spec));
        return Workspace.openForReading(env.home())
                .map(ws -> new Source(Optional.of(ws), Optional.empty(), ws.metadata().queries(), ws.metadata().models()));
    }

    /** As {@link #existing}, or a usage error (exit 2) saying there is no workspace. */
    static Source required(CliEnvironment env, String serverOption, CommandLine.Model.CommandSpec spec) {
        return existing(env, serverOption, spec).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), Inspection.noWorkspace(env.home())));
    }

    /** A client of the server at {@code url} with the token from the environment; a usage error without one. */
    static ServerClient client(CliEnvironment env, String url, CommandLine.Model.CommandSpec spec) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server '" + url
                    + "' is not a server URL; give e.g. http://127.0.0.1:8600");
        }
        return new ServerClient(uri, token(env).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "no token for the server at " + url + ": set " + TOKEN_ENV + " to an API token (the server printed an admin"
                        + " token at its first start; sluice token create --role operator --name NAME makes more)")));
    }

    private static Optional<String> token(CliEnvironment env) {
        Optional<String> fromEnv = Optional.ofNullable(env.env().get(TOKEN_ENV)).filter(s -> !s.isBlank()).map(String::strip);
        if (fromEnv.isPresent()) return fromEnv;
        Path file = env.home().resolve("server").resolve("admin-token");
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    MetadataQueries queries() {
        return queries;
    }

    ModelRegistry models() {
        return models;
    }

    /** How {@code sluice models} shows {@code v}: from the workspace, or as the server described it. */
    ModelVersionView view(ModelVersion v) {
        ModelFacts facts = workspace.map(ws -> ModelFacts.of(ws, v)).orElseGet(() -> ((RemoteModels) models).facts(v));
        return ModelVersionView.of(v, facts);
    }

    boolean remote() {
        return client.isPresent();
    }

    /** The workspace folder or the server URL, for messages. */
    String where() {
        return client.map(c -> c.base().toString()).orElseGet(() -> workspace.orElseThrow().home().toString());
    }

    /** One step run upstream of an artifact, as {@code models --json} lists it. */
    record UpstreamStep(String stepRunId, String step, int depth, List<String[]> inputs) {}

    /** The step runs upstream of an artifact. */
    List<UpstreamStep> upstream(String artifactId) {
        List<UpstreamStep> out = new ArrayList<>();
        if (workspace.isPresent()) {
            for (Lineage.Node n : workspace.get().metadata().lineage().upstream(artifactId).nodes()) {
                out.add(new UpstreamStep(n.stepRun().id(), n.stepRun().step(), n.depth(),
                        n.inputs().stream().map(i -> new String[] {i.port(), i.artifactId()}).toList()));
            }
            return out;
        }
        JsonNode lineage = client.orElseThrow().get("/api/v1/artifacts/" + ServerClient.segment(artifactId) + "/lineage");
        for (JsonNode n : lineage.path("upstream")) {
            List<String[]> inputs = new ArrayList<>();
            n.path("inputs").forEach(i -> inputs.add(new String[] {i.path("port").asText(), i.path("artifact").asText()}));
            out.add(new UpstreamStep(n.path("step_run_id").asText(), n.path("step").asText(), n.path("depth").asInt(), inputs));
        }
        return out;
    }

    /** The decisions taken on approve steps of a run. */
    List<dev.sluice.meta.StepApproval> approvals(String runId) {
        if (workspace.isPresent()) return dev.sluice.meta.StepApprovals.of(workspace.get().metadata()).ofRun(runId);
        JsonNode run = client.orElseThrow().get("/api/v1/runs/" + ServerClient.segment(runId));
        return dev.sluice.server.api.ApprovalJson.parseList(run.path("approvals"));
    }

    /** A decision in force, and whether it is the one just asked for (false: someone decided first). */
    record Decided(dev.sluice.meta.StepApproval decision, boolean ours) {}

    /**
     * Approves or rejects a waiting approve step, locally as {@code by} or through the server as the token's owner
     * (who needs the operator role). The first decision wins; a later one returns it with {@code ours} false.
     */
    Decided decide(String runId, String step, boolean approve, String by, Optional<String> comment) {
        if (workspace.isPresent()) {
            var mine = new dev.sluice.meta.StepApproval(runId, step, approve, by, java.time.Instant.now(), comment);
            var inForce = dev.sluice.meta.StepApprovals.of(workspace.get().metadata()).decide(mine);
            return new Decided(inForce, inForce.equals(mine));
        }
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        comment.ifPresent(c -> body.put("comment", c));
        try {
            JsonNode answer = client.orElseThrow().post("/api/v1/runs/" + ServerClient.segment(runId) + "/steps/"
                    + ServerClient.segment(step) + (approve ? "/approve" : "/reject"), body);
            return new Decided(dev.sluice.server.api.ApprovalJson.parse(answer), true);
        } catch (ServerClient.ApiException e) {
            if (e.status() != 409 || e.body() == null || !e.body().has("approval")) throw e;
            return new Decided(dev.sluice.server.api.ApprovalJson.parse(e.body().path("approval")), false);
        }
    }

    @Override
    public void close() {
        workspace.ifPresent(Workspace::close);
    }
}
