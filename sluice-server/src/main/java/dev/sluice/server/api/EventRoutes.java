package dev.sluice.server.api;

import dev.sluice.meta.RunRow;
import dev.sluice.server.events.StoredEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/runs/{id}/events}: a run's events as Server-Sent Events ({@code id: N}, {@code event: TYPE},
 * {@code data: JSON}), from the first (or after {@code Last-Event-ID} / {@code ?after=N}) until {@code run_finished},
 * live while the run goes. A comment line every 15 s keeps idle connections open. Thread-safe.
 */
record EventRoutes(ServerContext ctx) {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    List<Route> routes() {
        return List.of(Route.get("/api/v1/runs/{id}/events", Access.VIEWER, this::events));
    }

    private Answer events(Call call) {
        RunRow row = Runs.find(ctx, call.path("id"));
        if (ctx.queue().entry(row.id()).isEmpty()) {
            throw new ApiError(404, "no_events", "run " + row.id() + " was not started through the server, so it has no"
                    + " event stream; GET /api/v1/runs/" + row.id() + " and its /steps show what it did");
        }
        long after = call.header("Last-Event-ID").or(() -> call.query("after")).map(EventRoutes::number).orElse(0L);
        return new Answer.Stream(200, Map.of("Content-Type", "text/event-stream; charset=utf-8", "X-Accel-Buffering", "no"),
                out -> stream(row.id(), after, out));
    }

    private void stream(String runId, long after, OutputStream out) throws IOException {
        long last = after;
        long lastWrite = System.nanoTime();
        out.write(": sluice run events\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (ctx.worker().accepting() || ctx.events().isLive(runId)) {
            List<StoredEvent> batch = ctx.events().after(runId, last, 200);
            for (StoredEvent e : batch) {
                out.write(("id: " + e.seq() + "\nevent: " + e.type() + "\ndata: " + e.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
                last = e.seq();
                if (e.isLast()) {
                    out.flush();
                    return;
                }
            }
            if (!batch.isEmpty()) {
                out.flush();
                lastWrite = System.nanoTime();
                continue;
            }
            if (System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWrite = System.nanoTime();
            }
            try {
                ctx.events().await(runId, last, ctx.config().poll(), KEEP_ALIVE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long number(String s) {
        try {
            return Math.max(0, Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Last-Event-ID (or after) must be the number of the last event received, got '" + s + "'");
        }
    }
}
