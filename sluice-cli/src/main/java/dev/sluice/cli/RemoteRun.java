package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepNode;
import dev.sluice.server.catalog.VersionDigest;
import dev.sluice.server.client.ServerClient;
import dev.sluice.server.events.EventJson;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code sluice run FILE --server URL}: the file is validated here as for a local run, then the server is asked to run
 * exactly this version of it (the same digest of the file and the scripts it names, which the server registered from
 * its {@code --pipelines} folders); the progress is the server's event stream shown as a local run's, Ctrl-C cancels
 * the remote run, and the summary and exit code are a local run's. Not thread-safe (one per invocation).
 */
final class RemoteRun {
    private final RunCommand command;
    private final ServerClient client;

    RemoteRun(RunCommand command, ServerClient client) {
        this.command = command;
        this.client = client;
    }

    /** Queues and follows the run; {@code pipeline} was validated from {@code file} with the command's parameters. */
    int run(Pipeline pipeline, Path file, Map<String, String> params, Optional<String> resumeOf, PrintWriter out, PrintWriter err) {
        String digest = VersionDigest.of(pipeline.spec(), read(file)).digest();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline", pipeline.name());
        body.put("version", digest);
        body.put("params", params);
        body.put("no_cache", command.noCache);
        resumeOf.ifPresent(r -> body.put("resume_of", r));
        String runId;
        try {
            runId = client.post("/api/v1/runs", body).path("run_id").asText();
        } catch (ServerClient.ApiException e) {
            return refused(e, pipeline.name(), digest, err);
        }
        if (!command.json) {
            out.println("running " + pipeline.name() + " on " + client.base() + ": " + pipeline.steps().size() + " steps, run " + runId);
            out.flush();
        }
        RunResult result = follow(pipeline, runId, out, err);
        if (command.json) ProblemReport.printJson(RunReport.json(result), out);
        else RunReport.printText(result, out, "sluice run " + command.file + " --server " + client.base() + " --resume " + runId);
        return RunReport.exitCode(result);
    }

    @SuppressWarnings("try") // the resources live while the events come; the body does not call them
    private RunResult follow(Pipeline pipeline, String runId, PrintWriter out, PrintWriter err) {
        CliEnvironment env = command.parent.environment();
        ProgressBoard board = new ProgressBoard(pipeline.steps().stream().map(StepNode::name).toList());
        ProgressView view = command.json ? ProgressView.NONE
                : env.terminal() ? new LiveProgress(board, out, env.colour(), env.unicode(), env.columns())
                : new PlainProgress(board, out);
        AtomicReference<RunResult> end = new AtomicReference<>();
        Runnable cancel = () -> client.post("/api/v1/runs/" + runId + "/cancel", null);
        try (SignalHandlers signals = env.installSignals() ? SignalHandlers.install(cancel, () -> { }, err) : null; // the remote run goes on until cancelled
             ProgressTicker ticker = new ProgressTicker(view)) {
            client.events(runId, 0, e -> {
                if (EventJson.RUN_FINISHED.equals(e.path("type").asText())) {
                    RunResult r = result(e, pipeline.name());
                    end.set(r);
                    board.onEvent(new RunEvent.RunFinished(runId, Instant.now(), r));
                    return true;
                }
                EventJson.toRunEvent(e).ifPresent(board::onEvent);
                return false;
            });
        }
        RunResult r = end.get();
        if (r == null) throw new IllegalStateException("the event stream of run " + runId + " ended without its end");
        return r;
    }

    /** The run's end as a local run would report it, from its {@code run_finished} event. */
    static RunResult result(JsonNode e, String pipeline) {
        List<StepResult> steps = new ArrayList<>();
        for (JsonNode s : e.path("steps")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            s.path("metrics").properties().forEach(m -> metrics.put(m.getKey(), m.getValue().asDouble()));
            List<CheckResult> checks = new ArrayList<>();
            s.path("checks").forEach(c -> checks.add(new CheckResult(c.path("name").asText(), c.path("passed").asBoolean(),
                    c.path("observed").isNumber() ? Optional.of(c.path("observed").asDouble()) : Optional.empty(),
                    c.path("expected").asText())));
            steps.add(new StepResult(s.path("name").asText(), StepStatus.valueOf(s.path("status").asText().toUpperCase(Locale.ROOT)),
                    Optional.empty(), Duration.ofMillis(s.path("duration_ms").asLong()), s.path("attempts").asInt(), Map.of(),
                    metrics, checks, text(s.path("error")), text(s.path("log")).map(Path::of)));
        }
        String status = e.path("status").asText();
        RunStatus rs = switch (status) {
            case "succeeded" -> RunStatus.SUCCEEDED;
            case "blocked" -> RunStatus.BLOCKED;
            case "cancelled" -> RunStatus.CANCELLED;
            default -> RunStatus.FAILED; // failed, or interrupted (its server stopped)
        };
        if (steps.isEmpty() && e.hasNonNull("error")) {
            steps.add(new StepResult("(run)", StepStatus.FAILED, Optional.empty(), Duration.ZERO, 0, Map.of(), Map.of(), List.of(),
                    Optional.of(status + ": " + e.path("error").asText()), Optional.empty()));
        }
        Path dir = text(e.path("run_dir")).map(Path::of).orElse(null);
        return new RunResult(e.path("run_id").asText(), pipeline, rs, Duration.ofMillis(e.path("duration_ms").asLong()), steps, dir);
    }

    private static Optional<String> text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    /** Why the server did not queue the run, and what to do; exit 2. */
    private int refused(ServerClient.ApiException e, String pipeline, String digest, PrintWriter err) {
        String where = client.base().toString();
        switch (e.code()) {
            case "unknown_version" -> err.println("sluice: the server at " + where + " has another version of pipeline '" + pipeline
                    + "' (its latest is " + e.body().path("latest").asText() + ", from " + e.body().path("source").asText()
                    + "); this file is " + digest + ". The server runs the files of its --pipelines folders: change the file"
                    + " there, or run this one without --server.");
            case "unknown_pipeline" -> err.println("sluice: " + e.getMessage() + ". Start the server with --pipelines on the"
                    + " folder of " + command.file + ", or run it without --server.");
            case "invalid_pipeline" -> e.body().path("problems").forEach(p -> err.println(p.path("text").asText()));
            default -> err.println("sluice: the server at " + where + " did not queue the run (" + e.status() + " " + e.code()
                    + "): " + e.getMessage());
        }
        err.flush();
        return e.status() == 409 ? 1 : 2;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
