package dev.sluice.server.trigger;

import dev.sluice.api.DefinitionException;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.TriggerSpec;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import dev.sluice.server.sql.Sql;
import dev.sluice.store.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The upstream triggers ({@code upstream: {pipeline, status, run_param, outputs}}): one thread reads the runs that
 * ended since the server started ({@code runs.ended_at}, whoever ran them: this server, another one on the same
 * database, or {@code sluice run}) and, for each registered pipeline whose upstream trigger names that run's pipeline
 * and status, queues one run of it. The pair (trigger, upstream run) is unique in the database
 * ({@code server_upstream_runs}), so each upstream run starts the downstream pipeline once, whichever server sees it
 * first. The downstream run gets the upstream run's id as {@code run_param} and, for each entry of {@code outputs}
 * ({@code model: train.model}), the stored path of that output of the upstream run; its cause is recorded as
 * {@code upstream} with the upstream run's id. A paused trigger ({@link TriggerStates}) skips the upstream runs that
 * end while it is paused: they are not queued after the resume either (as a paused schedule's ticks). Thread-safe.
 */
public final class UpstreamFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFollower.class);
    /** Runs that ended this long before the newest one seen are read again: their end may be committed late. */
    private static final long SLACK_MS = 30_000;

    private final TriggeredRuns runs;
    private final Workspace workspace;
    private final BooleanSupplier accepting;
    private final PollingThread thread;
    private long watermark;
    /** Upstream run id to its end, for the runs handled within the slack (so they are not queued for again). */
    private final Map<String, Long> handled = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();

    private record Ended(String runId, String pipeline, String status, long endedAt) {}

    public UpstreamFollower(TriggeredRuns runs, Workspace workspace, Clock clock, BooleanSupplier accepting) {
        this.runs = runs;
        this.workspace = workspace;
        this.accepting = accepting;
        this.watermark = clock.millis();
        this.thread = new PollingThread("sluice-upstream-follower");
    }

    /** Starts reading the ended runs every {@code every}. */
    public void start(Duration every) {
        thread.start(every, every, this::poll, LOG, "following upstream runs");
    }

    synchronized void poll() {
        if (!accepting.getAsBoolean()) return;
        Map<String, TriggerStates.State> states = runs.states().all();
        List<TriggeredRuns.Found<TriggerSpec.Upstream>> triggers = runs.all(TriggerSpec.Upstream.class).stream()
                .filter(f -> !states.getOrDefault(TriggerStates.key(f.version().name(), f.trigger().name()),
                        TriggerStates.State.active("", "")).paused()).toList(); // a paused one skips what ends meanwhile
        long from = watermark - SLACK_MS;
        List<Ended> ended = workspace.metadata().sql().read(c -> Sql.list(c, "SELECT r.id, p.name, r.state, r.ended_at"
                + " FROM runs r JOIN pipelines p ON p.id = r.pipeline_id WHERE r.ended_at >= ? ORDER BY r.ended_at, r.id",
                rs -> new Ended(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), from));
        for (Ended e : ended) {
            watermark = Math.max(watermark, e.endedAt());
            if (handled.containsKey(e.runId())) continue;
            try {
                for (TriggeredRuns.Found<TriggerSpec.Upstream> f : triggers) {
                    TriggerSpec.Upstream t = f.trigger();
                    if (t.pipeline().equals(e.pipeline()) && t.firesOn(e.status())) follow(f, e);
                }
                handled.put(e.runId(), e.endedAt());
            } catch (RuntimeException ex) { // the database, say: the next poll tries this run again (its causes are unique)
                LOG.warn("upstream run {} of {} is looked at again at the next poll: {}", e.runId(), e.pipeline(), ex.toString());
            }
        }
        handled.values().removeIf(at -> at < watermark - 2 * SLACK_MS);
        polls.incrementAndGet();
    }

    /** How many polls have ended (tests wait for polls instead of for time). */
    public long polls() {
        return polls.get();
    }

    private void follow(TriggeredRuns.Found<TriggerSpec.Upstream> f, Ended e) {
        TriggerSpec.Upstream t = f.trigger();
        String key = f.version().name() + "/" + t.name();
        Map<String, String> params = new LinkedHashMap<>();
        t.runParam().ifPresent(p -> params.put(p, e.runId()));
        List<StepRunRow> steps = t.outputs().isEmpty() ? List.of() : workspace.metadata().queries().stepRuns(e.runId());
        for (Map.Entry<String, String> o : t.outputs().entrySet()) {
            Optional<Path> path = output(steps, o.getValue());
            if (path.isEmpty()) {
                LOG.warn("upstream trigger {}: run {} of {} has no stored output {}; no run queued for it", key, e.runId(),
                        e.pipeline(), o.getValue());
                return;
            }
            params.put(o.getKey(), path.get().toString());
        }
        try {
            Optional<QueueEntry> q = runs.queue(f.version(), params, RunTrigger.upstream(t.name(), e.pipeline(), e.runId(),
                    e.status()), "upstream:" + key, TriggeredRuns.upstreamRun(f.version().name(), t.name(), e.runId()));
            if (q.isPresent()) {
                LOG.info("upstream trigger {}: run {} of {} {}; queued run {}", key, e.runId(), e.pipeline(), e.status(),
                        q.get().runId());
            } else {
                LOG.info("upstream trigger {}: run {} of {} {}; its run was queued already", key, e.runId(), e.pipeline(),
                        e.status());
            }
        } catch (DefinitionException | QueueException ex) {
            LOG.warn("upstream trigger {}: run {} of {} queued no run: {}", key, e.runId(), e.pipeline(), ex.getMessage());
        }
    }

    /** The stored file or folder of {@code step.output} (the last step run of that name, its first artifact). */
    private Optional<Path> output(List<StepRunRow> steps, String ref) {
        int dot = ref.lastIndexOf('.');
        String step = ref.substring(0, dot);
        String port = ref.substring(dot + 1);
        Optional<String> artifact = Optional.empty();
        for (StepRunRow s : steps) {
            if (!s.step().equals(step)) continue;
            for (OutputRow o : s.outputs()) if (o.port().equals(port)) artifact = Optional.of(o.artifactId());
        }
        return artifact.flatMap(id -> workspace.store().path(Digest.parse(id)));
    }

    @Override
    public void close() {
        thread.stop();
    }
}
