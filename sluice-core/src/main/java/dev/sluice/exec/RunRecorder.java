package dev.sluice.exec;

import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataWriter;
import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records a run in its workspace's metadata store from the run's own events: the run's start (its pipeline, parameters,
 * the run it resumes, what triggered it) and a heartbeat while it runs, each step's {@link StepRecord} as its events
 * carry it (its start when it starts; its end, inputs and new artifacts when it ends), and the run's end, after which
 * everything is durable. Records go to the group-committing {@link MetadataWriter} in the order of the events, and the
 * executor sends a step's final event before it releases the step's dependents, so a dependent is never recorded
 * without its producer. The executor makes it the first listener of a recorded run.
 *
 * <p>Thread-safe, fast (it queues records; only {@code RunFinished} waits, for the disk) and never throws: a writer
 * that no longer takes records is reported once and the run goes on unrecorded, and then reads as interrupted.
 */
final class RunRecorder implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final Workspace ws;
    private final MetadataWriter writer;
    private final Pipeline pipeline;
    private final Optional<String> resumeFrom;
    private final Optional<RunTrigger> trigger;
    /** Step runs whose start was recorded and whose end was not. */
    private final Set<String> begun = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refused = new AtomicBoolean();
    private volatile Optional<String> unrecorded = Optional.empty();
    /** One daemon thread for the heartbeats of the process's runs (a thread per run cost a small run's time). */
    private static final class Heartbeats {
        static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sluice-heartbeat");
            t.setDaemon(true);
            return t;
        });

        static {
            TIMER.setRemoveOnCancelPolicy(true);
        }
    }

    private volatile ScheduledFuture<?> heartbeat;

    RunRecorder(Workspace ws, Pipeline pipeline, RunOptions options) {
        this.ws = ws;
        this.writer = ws.metadata().writer();
        this.pipeline = pipeline;
        this.resumeFrom = options.resumeFrom();
        this.trigger = options.trigger();
    }

    @Override
    public void onEvent(RunEvent event) {
        switch (event) {
            case RunEvent.RunStarted e -> runStarted(e.runId(), e.at());
            case RunEvent.StepStarted e -> e.record().ifPresent(this::stepStarted);
            case RunEvent.StepRetrying e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.StepWaiting e -> e.record().ifPresent(this::stepWaiting);
            case RunEvent.StepSucceeded e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.StepCached e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.StepFailed e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.StepSkipped e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.StepBlocked e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.StepCancelled e -> e.record().ifPresent(this::stepEnded);
            case RunEvent.RunFinished e -> runFinished(e);
        }
    }

    private void runStarted(String runId, Instant at) {
        MetaWrite.PipelineSeen seen = MetaWrite.PipelineSeen.of(pipeline.name(), definition(pipeline), at);
        record(seen);
        record(MetaWrite.RunStarted.here(runId, seen.id(), at, StepRecords.json(pipeline.params()), resumeFrom));
        trigger.ifPresent(t -> record(new MetaWrite.RunTriggered(runId, t)));
        pipeline.sweeps().values().forEach(s -> record(new MetaWrite.SweepDeclared(new dev.sluice.meta.SweepRow(runId,
                s.step(), s.sweep().method().yamlName(), s.sweep().objective().metric(),
                s.sweep().objective().goal().yamlName(), s.trials().size(), s.sweep().seed(),
                java.util.List.copyOf(s.sweep().params().keySet())))));
        for (dev.sluice.pipeline.StepNode n : pipeline.steps()) {
            if (pipeline.phase(n).isFinal()) record(new MetaWrite.FinalStepDeclared(runId, n.name(), pipeline.phase(n).yamlName()));
        }
        heartbeat = Heartbeats.TIMER.scheduleAtFixedRate(() -> record(new MetaWrite.Heartbeat(runId, Instant.now())), 30, 30,
                TimeUnit.SECONDS);
    }

    private void stepStarted(StepRecord r) {
        if (record(r.start())) begun.add(r.stepRunId());
    }

    /**
     * An approve step waits: its step run reads {@code waiting} until it ends, and is committed now, so that another
     * process deciding on it sees it.
     */
    private void stepWaiting(StepRecord r) {
        if (r.end().isEmpty()) return;
        if (!begun.contains(r.stepRunId()) && record(r.start())) begun.add(r.stepRunId());
        record(r.end().get());
        try {
            writer.flush();
        } catch (RuntimeException e) {
            LOG.warn("run {}: cannot commit that step run {} waits: {}", r.start().runId(), r.stepRunId(), e.getMessage());
        }
    }

    /**
     * A step run's end, after its start unless that was recorded already, then the artifacts it stored (the store
     * need not fsync a small file whose bytes are in the same commit), what it read, and how it ended.
     */
    private void stepEnded(StepRecord r) {
        if (r.end().isEmpty()) return;
        boolean started = begun.remove(r.stepRunId());
        if (!started && r.artifacts().isEmpty() && r.contents().isEmpty()) { // a cache hit, a step that never ran
            record(new MetaWrite.StepRecorded(r.start(), r.inputs(), r.end().get()));
            return;
        }
        if (!started) record(r.start());
        r.artifacts().forEach(this::record);
        r.contents().forEach(this::record); // the store was told at put time that these bytes are kept here
        r.inputs().forEach(this::record);
        record(r.end().get());
    }

    /**
     * Records the run's end and waits for every record to be durable. When some could not be committed (the store
     * could not fsync the outputs they refer to, the database refused them), the run is recorded failed instead, in
     * a transaction of its own, so that it never stays "running"; {@link #unrecorded} then says why.
     */
    private void runFinished(RunEvent.RunFinished e) {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) beat.cancel(false);
        try {
            record(new MetaWrite.RunFinished(e.runId(), e.result().status(), e.at()));
            writer.flush();
            ws.digests().flush();
        } catch (MetadataException ex) {
            String why = ex.getMessage().replace(":\n  ", ": ").replace("\n  ", "; ");
            unrecorded = Optional.of(why);
            LOG.error("run {} is recorded failed: {}", e.runId(), why);
            try {
                record(new MetaWrite.RunFinished(e.runId(), dev.sluice.api.RunStatus.FAILED, e.at()));
                writer.flush();
            } catch (RuntimeException again) {
                LOG.error("run {}: its end could not be recorded either: {}", e.runId(), again.getMessage());
            }
        } catch (RuntimeException ex) { // the record is lost (the run reads interrupted), but the run must end
            LOG.error("run {}: its end could not be recorded: {}", e.runId(), ex.toString());
        }
    }

    /** Why some records of the ended run were not committed (the run is then recorded failed), or empty. */
    Optional<String> unrecorded() {
        return unrecorded;
    }

    /**
     * Submits a record; a writer that no longer takes records (it stopped on an error, or was closed) is reported
     * once and the run goes on unrecorded, as a listener must not throw: the run then reads interrupted.
     */
    private boolean record(MetaWrite write) {
        try {
            writer.submit(write);
            return true;
        } catch (MetadataException e) {
            if (!refused.getAndSet(true)) {
                LOG.error("records of this run can no longer be saved in {}: {}; the run goes on unrecorded and will read"
                        + " as interrupted", ws.metadata().describe(), e.getMessage());
            }
            return false;
        }
    }

    /** The pipeline file's text as it is now, or the spec's text for a pipeline built in Java. */
    private static String definition(Pipeline p) {
        if (p.spec().source().isPresent()) {
            try {
                return Files.readString(p.spec().source().get());
            } catch (IOException e) {
                LOG.debug("cannot re-read {}: {}", p.spec().source().get(), e.toString());
            }
        }
        return p.spec().toString();
    }
}
