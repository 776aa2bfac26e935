package dev.sluice.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.CheckResult;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of run events, the same typed events as the CLI's progress: {@code {"id", "type", "run_id", "at", ...}}
 * with {@code type} one of {@code run_queued}, {@code run_started}, {@code step_started}, {@code step_retrying},
 * {@code step_waiting} (an approve step waits for a decision; {@code timeout_ms} when it has one),
 * {@code step_succeeded}, {@code step_cached}, {@code step_failed}, {@code step_skipped}, {@code step_blocked},
 * {@code step_cancelled}, {@code run_finished} (always last; its {@code status} may also be {@code interrupted} when
 * the server running it died). Stateless; thread-safe.
 */
public final class EventJson {
    public static final String RUN_QUEUED = "run_queued";
    public static final String RUN_FINISHED = "run_finished";
    static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    /** The type name of an executor event. */
    public static String type(RunEvent e) {
        return switch (e) {
            case RunEvent.RunStarted x -> "run_started";
            case RunEvent.StepStarted x -> "step_started";
            case RunEvent.StepRetrying x -> "step_retrying";
            case RunEvent.StepWaiting x -> "step_waiting";
            case RunEvent.StepSucceeded x -> "step_succeeded";
            case RunEvent.StepCached x -> "step_cached";
            case RunEvent.StepFailed x -> "step_failed";
            case RunEvent.StepSkipped x -> "step_skipped";
            case RunEvent.StepBlocked x -> "step_blocked";
            case RunEvent.StepCancelled x -> "step_cancelled";
            case RunEvent.RunFinished x -> RUN_FINISHED;
        };
    }

    /** The start of every event: id, type, run and time. */
    public static ObjectNode header(long seq, String type, String runId, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", seq);
        n.put("type", type);
        n.put("run_id", runId);
        n.put("at", at.toString());
        return n;
    }

    /** An executor event as JSON, numbered {@code seq}. */
    public static ObjectNode of(long seq, RunEvent e) {
        ObjectNode n = header(seq, type(e), e.runId(), e.at());
        switch (e) {
            case RunEvent.RunStarted x -> {
                n.put("pipeline", x.pipeline());
                ArrayNode steps = n.putArray("steps");
                x.steps().forEach(steps::add);
            }
            case RunEvent.StepStarted x -> n.put("step", x.step()).put("attempt", x.attempt());
            case RunEvent.StepRetrying x -> n.put("step", x.step()).put("failed_attempt", x.failedAttempt())
                    .put("delay_ms", x.delay().toMillis()).put("reason", x.reason());
            case RunEvent.StepWaiting x -> {
                n.put("step", x.step());
                x.timeout().ifPresent(t -> n.put("timeout_ms", t.toMillis()));
            }
            case RunEvent.StepSucceeded x -> n.put("step", x.step()).put("duration_ms", x.duration().toMillis());
            case RunEvent.StepCached x -> n.put("step", x.step()).put("source_run", x.sourceRun());
            case RunEvent.StepFailed x -> n.put("step", x.step()).put("duration_ms", x.duration().toMillis())
                    .put("reason", x.reason());
            case RunEvent.StepSkipped x -> n.put("step", x.step()).put("reason", x.reason());
            case RunEvent.StepBlocked x -> n.put("step", x.step()).put("blocked_by", x.blockedBy());
            case RunEvent.StepCancelled x -> n.put("step", x.step());
            case RunEvent.RunFinished x -> finished(n, x.result());
        }
        return n;
    }

    /** {@code run_finished}: status, duration, run folder and each step's outcome. */
    private static void finished(ObjectNode n, RunResult r) {
        n.put("status", r.status().label());
        n.put("duration_ms", r.duration().toMillis());
        n.put("run_dir", r.runDir() == null ? null : r.runDir().toString());
        ArrayNode steps = n.putArray("steps");
        for (StepResult s : r.steps()) {
            ObjectNode step = steps.addObject();
            step.put("name", s.name());
            step.put("status", s.status().label());
            step.put("duration_ms", s.duration().toMillis());
            step.put("attempts", s.attempts());
            step.put("error", s.error().orElse(null));
            step.put("log", s.log().map(Object::toString).orElse(null));
            ObjectNode metrics = step.putObject("metrics");
            s.metrics().forEach(metrics::put);
            ArrayNode checks = step.putArray("checks");
            for (CheckResult c : s.checks()) {
                ObjectNode check = checks.addObject().put("name", c.name()).put("passed", c.passed()).put("expected", c.expected());
                if (c.observed().isPresent()) check.put("observed", c.observed().get());
                else check.putNull("observed");
            }
        }
    }

    /** A {@code run_finished} the server writes itself (a queued run cancelled, a run that could not start or died). */
    public static ObjectNode finishedWithout(long seq, String runId, Instant at, String status, String error) {
        ObjectNode n = header(seq, RUN_FINISHED, runId, at);
        n.put("status", status);
        n.put("duration_ms", 0);
        n.putNull("run_dir");
        n.putArray("steps");
        n.put("error", error);
        return n;
    }

    /** The executor event a JSON event stands for, when it is one (the CLI replays them into its progress view). */
    public static java.util.Optional<RunEvent> toRunEvent(JsonNode n) {
        String runId = n.path("run_id").asText();
        Instant at = Instant.parse(n.path("at").asText(Instant.EPOCH.toString()));
        String step = n.path("step").asText();
        RunEvent e = switch (n.path("type").asText()) {
            case "run_started" -> new RunEvent.RunStarted(runId, at, n.path("pipeline").asText(), strings(n.path("steps")));
            case "step_started" -> new RunEvent.StepStarted(runId, at, step, n.path("attempt").asInt(1));
            case "step_retrying" -> new RunEvent.StepRetrying(runId, at, step, n.path("failed_attempt").asInt(),
                    Duration.ofMillis(n.path("delay_ms").asLong()), n.path("reason").asText());
            case "step_waiting" -> new RunEvent.StepWaiting(runId, at, step, n.has("timeout_ms")
                    ? java.util.Optional.of(Duration.ofMillis(n.path("timeout_ms").asLong())) : java.util.Optional.empty(),
                    java.util.Optional.empty());
            case "step_succeeded" -> new RunEvent.StepSucceeded(runId, at, step, Duration.ofMillis(n.path("duration_ms").asLong()));
            case "step_cached" -> new RunEvent.StepCached(runId, at, step, n.path("source_run").asText());
            case "step_failed" -> new RunEvent.StepFailed(runId, at, step, Duration.ofMillis(n.path("duration_ms").asLong()),
                    n.path("reason").asText());
            case "step_skipped" -> new RunEvent.StepSkipped(runId, at, step, n.path("reason").asText());
            case "step_blocked" -> new RunEvent.StepBlocked(runId, at, step, n.path("blocked_by").asText());
            case "step_cancelled" -> new RunEvent.StepCancelled(runId, at, step);
            default -> null;
        };
        return java.util.Optional.ofNullable(e);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
