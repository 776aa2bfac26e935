package dev.sluice.server.serving;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.monitor.DriftReport;
import dev.sluice.monitor.DriftStatus;
import dev.sluice.monitor.ModelMonitor;
import dev.sluice.monitor.RetrainTrigger;
import dev.sluice.serve.ModelServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One model {@code sluice server} serves: its {@link ModelServer} on a loopback port (predictions logged), its drift
 * check every {@link ServeSpec#checkEvery()}, and, when the spec names a retraining pipeline, its {@link RetrainTrigger}
 * (one run in flight, cooldown, dedupe) whose runs go through the run queue ({@link QueueRetrainer}). When a retraining
 * run ends, the registry is asked at once where the alias points, so a promoted version is swapped in without waiting
 * for the next poll. Thread-safe.
 */
public final class ServedModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);

    /**
     * What a served model is doing, for {@code GET /api/v1/serving}.
     *
     * @param version       the version answering now
     * @param lastCheck     when the newest drift check ran
     * @param lastStatus    its verdict ({@code ok}, {@code warning}, {@code drift}), or {@code waiting} (nothing logged yet)
     *                      or {@code failed} (the check could not run: no training profile, say)
     * @param lastReport    its stored report
     * @param lastDetail    a line for people: rows checked and drifted features, or why no check could run
     * @param lastAlarm     the newest alarm
     * @param lastRetrain   the newest alarm that queued a retraining run
     * @param retraining    the retraining run going now
     * @param checks        drift checks so far
     */
    public record Status(ServeSpec spec, int port, int version, Optional<Instant> lastCheck, String lastStatus,
                         Optional<String> lastReport, String lastDetail, Optional<DriftAlarm> lastAlarm,
                         Optional<DriftAlarm> lastRetrain, Optional<String> retraining, long checks) {}

    private final ServeSpec spec;
    private final ModelServer server;
    private final ModelMonitor monitor;
    private final java.nio.file.Path logFolder;
    private final Optional<RetrainTrigger> trigger;
    private final Optional<QueueRetrainer> retrainer;
    private final Consumer<DriftAlarm> alarms;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;
    private volatile CompletableFuture<String> queuing = new CompletableFuture<>();
    private volatile boolean adopted;
    private String lastSignature = ""; // the check thread's own
    private volatile Optional<Instant> lastCheck = Optional.empty();
    private volatile String lastStatus = "waiting";
    private volatile Optional<String> lastReport = Optional.empty();
    private volatile String lastDetail = "no drift check yet";
    private volatile Optional<DriftAlarm> lastAlarm = Optional.empty();
    private volatile Optional<DriftAlarm> lastRetrain = Optional.empty();
    private volatile Optional<String> retraining = Optional.empty();
    private volatile long checks;
    private volatile boolean closed;

    /** @param logFolder where the model's predictions are logged (a check waits until there is one) */
    ServedModel(ServeSpec spec, ModelServer server, ModelMonitor monitor, java.nio.file.Path logFolder,
                Optional<RetrainTrigger> trigger, Optional<QueueRetrainer> retrainer, Consumer<DriftAlarm> alarms, Clock clock) {
        this.spec = spec;
        this.server = server;
        this.monitor = monitor;
        this.logFolder = logFolder;
        this.trigger = trigger;
        this.retrainer = retrainer;
        this.alarms = alarms;
        this.clock = clock;
    }

    void scheduled(ScheduledFuture<?> f) {
        this.schedule = f;
    }

    /** The retraining run was queued, or was going already (called by the {@link QueueRetrainer} on the trigger's thread). */
    void queued(String runId, boolean wasGoing) {
        retraining = Optional.of(runId);
        adopted = wasGoing;
        queuing.complete(runId);
    }

    public ServeSpec spec() {
        return spec;
    }

    /** The loopback port its predictions are answered on. */
    public int port() {
        return server.port();
    }

    /** The version answering now. */
    public int version() {
        return server.versions().values().iterator().next();
    }

    public Status status() {
        return new Status(spec, port(), version(), lastCheck, lastStatus, lastReport, lastDetail, lastAlarm, lastRetrain, retraining, checks);
    }

    /**
     * One drift check now, and what follows from it; never throws (a failure is logged and shown in the status), since
     * a scheduled task that throws is never run again.
     */
    void check() {
        if (closed) return;
        try {
            checkOnce();
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (!(lastStatus.equals("failed") && lastDetail.equals(why))) LOG.warn("drift check of {} failed: {}", spec.key(), why);
            lastStatus = "failed"; // e.g. no training profile: said once, shown in GET /api/v1/serving
            lastDetail = why;
        }
    }

    private void checkOnce() {
        if (!Files.isDirectory(logFolder)) {
            lastStatus = "waiting";
            lastDetail = "no predictions logged yet (" + logFolder + ")";
            return;
        }
        ModelMonitor.Outcome o = monitor.check(new ModelMonitor.Request(spec.key(), Optional.empty(), Optional.empty(),
                spec.window(), Optional.empty()));
        try {
            checks++;
            DriftReport r = o.report();
            lastCheck = Optional.of(r.checkedAt());
            lastReport = Optional.of(o.artifactId());
            lastStatus = r.status().name().toLowerCase(java.util.Locale.ROOT);
            lastDetail = r.window().rows() + " rows, " + (r.drifted().isEmpty() ? "no feature drifted" : "drifted: " + String.join(", ", r.drifted()));
            if (r.status() != DriftStatus.DRIFT) return;
            if (r.window().rows() < spec.minRows()) {
                lastDetail += " (fewer than min_rows=" + spec.minRows() + " rows: no alarm yet)";
                return;
            }
            DriftAlarm alarm = decide(o);
            lastAlarm = Optional.of(alarm);
            if (alarm.runId().isPresent()) lastRetrain = Optional.of(alarm);
            LOG.info("drift alarm of {}: {}, report {}: {} ({})", spec.key(), alarm.describe(), alarm.artifact(), alarm.action(), alarm.detail());
            alarms.accept(alarm);
        } finally {
            if (o.temporary()) {
                try {
                    Files.deleteIfExists(o.windowFile());
                } catch (IOException e) {
                    LOG.debug("window {} left behind: {}", o.windowFile(), e.toString());
                }
            }
        }
    }

    private DriftAlarm decide(ModelMonitor.Outcome o) {
        String signature = o.report().version().map(String::valueOf).orElse("?") + " " + o.report().reference() + " "
                + new java.util.TreeSet<>(o.report().drifted());
        Alarms a = new Alarms(spec.key(), o, clock.instant(), signature.equals(lastSignature));
        lastSignature = signature;
        if (trigger.isEmpty()) {
            return a.of(DriftAlarm.ALARM_ONLY, "no retraining pipeline (serve it with retrain=PIPELINE to retrain on drift)", null);
        }
        queuing = new CompletableFuture<>();
        RetrainTrigger.Decision d;
        try {
            d = trigger.get().onReport(o);
        } catch (RuntimeException e) {
            return a.of(DriftAlarm.FAILED, String.valueOf(e.getMessage()), null);
        }
        return switch (d) {
            case RetrainTrigger.Suppressed s ->
                    a.of(DriftAlarm.SUPPRESSED, s.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + s.detail(), null);
            case RetrainTrigger.Started s -> started(a, s);
        };
    }

    /** Makes the alarms of one drifting check. */
    private record Alarms(String served, ModelMonitor.Outcome o, Instant at, boolean repeated) {
        DriftAlarm of(String action, String detail, String runId) {
            return new DriftAlarm(served, o.report(), o.artifactId(), at, action, detail, Optional.ofNullable(runId), repeated);
        }
    }

    private DriftAlarm started(Alarms a, RetrainTrigger.Started s) {
        CompletableFuture<String> q = queuing;
        s.run().whenComplete((summary, error) -> ended(summary, error));
        String pipeline = spec.retrain().orElseThrow();
        try {
            String runId = CompletableFuture.anyOf(q, s.run()).thenApply(x -> q.getNow(null)).get(1, TimeUnit.MINUTES);
            if (runId == null) return a.of(DriftAlarm.FAILED, "the run was not queued", null);
            return a.of(DriftAlarm.RETRAINING, adopted ? "a drift run of " + pipeline + " was going already: " + runId
                    : "queued " + pipeline + " run " + runId, runId);
        } catch (ExecutionException | CompletionException e) {
            return a.of(DriftAlarm.FAILED, why(e.getCause()), null);
        } catch (TimeoutException e) {
            return a.of(DriftAlarm.FAILED, "queuing the run took over a minute", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return a.of(DriftAlarm.FAILED, "interrupted", null);
        }
    }

    private void ended(RetrainTrigger.RunSummary summary, Throwable error) {
        retraining = Optional.empty();
        if (error != null) {
            LOG.warn("retraining of {} did not run: {}", spec.key(), why(error));
            return;
        }
        LOG.info("retraining run {} of {} {}", summary.runId(), spec.key(), summary.succeeded() ? "succeeded" : "did not succeed");
        if (!closed) {
            try {
                int swapped = server.refresh(); // the run may have promoted a new version: swap it in now
                if (swapped > 0) LOG.info("{} now serves version {}", spec.key(), version());
            } catch (RuntimeException e) {
                LOG.warn("{}: the registry could not be read after the retraining: {}", spec.key(), e.toString());
            }
        }
    }

    private static String why(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) c = c.getCause();
        if (c instanceof DefinitionException de) {
            return de.problems().stream().map(Problem::message).collect(Collectors.joining("; "));
        }
        return String.valueOf(c.getMessage());
    }

    /** Stops the checks, stops waiting for a retraining run (which goes on in the queue), and stops serving. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> f = schedule;
        if (f != null) f.cancel(false);
        retrainer.ifPresent(QueueRetrainer::stop);
        trigger.ifPresent(RetrainTrigger::close);
        server.close();
    }
}
