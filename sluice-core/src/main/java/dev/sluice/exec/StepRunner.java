package dev.sluice.exec;

import dev.sluice.api.CheckResult;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.StepStatus;
import dev.sluice.builtin.ApproveComponent;
import dev.sluice.pipeline.CheckSpec;
import dev.sluice.pipeline.Condition;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.Template;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attempt of one step on a worker thread: gathers inputs, decides skips ({@code when:}, skipped
 * producers), renders parameters, emits {@code StepStarted}, arms the timeout, runs the Java component or the
 * command, and applies {@code checks:}. Reports an {@link Outcome}, and leaves the attempt's {@link StepRecord} in the
 * step's {@link StepProgress#record} for the dispatcher's final event; the dispatcher does the rest.
 * Thread-safe: one instance per run serves all workers.
 */
final class StepRunner {
    private final RunPlan plan;
    private final StepProgress[] states;
    private final Events events;
    private final String runId;
    private final Path stepsDir;
    /** {@code <run>/outputs/}, where Java steps write output files that move into the store; null without a store. */
    private final Path staging;
    private volatile boolean stagingMade;
    private final ScheduledExecutorService timer;
    /** One command runner per folder that steps resolve relative paths against (a used pipeline's steps have theirs). */
    private final Map<Path, CommandRunner> commands = new java.util.concurrent.ConcurrentHashMap<>();
    private final Journal journal;
    private final StepRecords records;
    private final ProcessRecords processes;
    private final SweepSearch search;
    /** How the run went, once the steps of finally: and on_failure: may start; null before. */
    private volatile RunSoFar runSoFar;
    /** Which steps' work another engine does ({@code engine: spark}). */
    private final EngineChoice engines;

    StepRunner(RunPlan plan, StepProgress[] states, Events events, String runId, Path runDir, ScheduledExecutorService timer,
               Journal journal, StepRecords records, ProcessRecords processes, EngineChoice engines) {
        this.engines = engines;
        this.journal = journal;
        this.records = records;
        this.plan = plan;
        this.states = states;
        this.events = events;
        this.runId = runId;
        this.stepsDir = runDir.resolve("steps");
        this.staging = journal.movesOutputs() ? runDir.resolve("outputs") : null;
        this.timer = timer;
        this.processes = processes;
        this.search = new SweepSearch(plan, states);
    }

    /** Publishes how the run went before the steps of finally: and on_failure: are released (they read it). */
    void runSoFar(RunSoFar soFar) {
        this.runSoFar = soFar;
    }

    /**
     * Runs the attempt to its end and records it, whatever happens: what fails before the step starts (an input,
     * a {@code when:}, the cache key) and what the step throws, {@link Error}s included (out of memory, stack
     * overflow), end it {@code failed} with its reason.
     */
    Outcome run(int step, Attempt attempt) {
        try {
            Optional<String> stop = search.prepare(step); // a trial of a sweep that learns: its values, or its end
            if (stop.isPresent()) return skipped(step, plan.nodes[step], stop.get());
        } catch (RuntimeException e) {
            return unstarted(step, plan.nodes[step], attempt, plan.nodes[step].params(), Map.of(), e);
        }
        StepNode node = plan.nodes[step];
        Map<String, Object> params = new LinkedHashMap<>(node.params());
        Map<String, List<String>> inputIds = Map.of();
        Ready ready;
        try {
            StepInputs inputs = StepInputs.gather(plan, states, step);
            if (inputs.skipReason().isPresent()) return skipped(step, node, inputs.skipReason().get());
            RefResolver resolver = new RefResolver(plan, states, step, params).withRun(plan.isFinal(step) ? runSoFar : null);
            Optional<String> skip = evaluateWhen(node, resolver);
            if (skip.isPresent()) return skipped(step, node, skip.get());
            if (attempt.aborted() != null) return cancelled(step, node);
            inputIds = inputIds(step);
            if (node.kind() instanceof StepKind.JavaStep j && j.component() instanceof ApproveComponent) {
                return waiting(step, node, attempt, params, inputIds);
            }
            Map<String, Object> keyParams = SweepSearch.withRule(plan.pipeline, node, StepParams.forKey(params, resolver));
            RunSoFar soFar = runSoFar;
            if (plan.isFinal(step) && soFar != null && RunSoFar.read(node)) { // the key changes with what it reads of the run
                keyParams = new LinkedHashMap<>(keyParams);
                keyParams.putAll(soFar.readBy(node));
            }
            Optional<CacheKey> key = journal.key(node, keyParams, inputIds);
            if (key.isPresent()) {
                Optional<Journal.Hit> hit = journal.lookup(node, key.get());
                if (hit.isPresent()) return cached(step, node, attempt, key, params, hit.get(), inputIds);
            }
            ready = new Ready(inputs, resolver, inputIds, key);
        } catch (Throwable e) { // nothing ran, but the run must say why the step failed
            return unstarted(step, node, attempt, params, inputIds, e);
        }
        return execute(step, node, attempt, params, ready);
    }

    /** What a step that is about to run was given. */
    private record Ready(StepInputs inputs, RefResolver resolver, Map<String, List<String>> inputIds, Optional<CacheKey> key) {}

    private Outcome execute(int step, StepNode node, Attempt attempt, Map<String, Object> params, Ready ready) {
        StepFolder folder = new StepFolder(stepsDir.resolve(plan.folders[step]));
        Optional<StepRecord> begun = start(step, attempt, ready.key(), params, folder.log());
        StepLog log = new StepLog(folder.log());
        Outcome o;
        Journal.Stored stored = null;
        try {
            folder.resetForAttempt(attempt.number);
            if (attempt.number > 1) log.line("--- attempt " + attempt.number + " ---");
            StepServices extra = new StepServices(ready.inputIds(), journal.models().map(r -> new BoundRegistry(r,
                    Journal.stepRunId(runId, node.name(), attempt.number))), journal::storedArtifact);
            o = gate(aborted(body(step, node, attempt, ready.inputs(), params, ready.resolver(), folder, log, extra),
                    attempt, node, log), node.checks());
            if (o instanceof Outcome.Succeeded ok) {
                Ingested in = ingest(node, ok);
                o = in.outcome();
                stored = in.stored();
            }
        } catch (Throwable e) { // an Error (out of memory, stack overflow, an assertion) fails the step like an exception
            o = aborted(failure(e, log), attempt, node, log);
        } finally {
            log.close();
            if (log.opened()) states[step].log = log.file();
        }
        o = unlogged(o, log);
        if (o instanceof Outcome.Failed f && !f.gate()) { // a step that cannot read a damaged input is told so
            o = journal.damagedInput(ready.inputIds()).<Outcome>map(why -> Outcome.Failed.of(why + " The step failed with: "
                    + f.reason())).orElse(o);
        }
        if (o instanceof Outcome.Failed f && StepErrors.mentionsNoSpace(f.reason())) {
            folder.discardOutputs();
            if (staging != null) discardStaged(folder, attempt.number);
        }
        if (!(o instanceof Outcome.Succeeded)) stored = null;
        if (stored != null) states[step].outputIds = stored.ids();
        states[step].record = records.finished(begun, ending(o, ready.inputIds(), stored));
        return o;
    }

    /** A step whose log could not be written (a full disk) fails, unless it failed or was stopped already. */
    private static Outcome unlogged(Outcome o, StepLog log) {
        if (!(o instanceof Outcome.Succeeded s) || log.failure().isEmpty()) return o;
        return new Outcome.Failed("cannot write the step's log " + log.file() + ": " + StepErrors.reason(log.failure().get()),
                false, Map.of(), s.metrics(), s.checks());
    }

    /** Records a step that failed before it started (no cache key, no log) as a failed attempt, or as cancelled. */
    private Outcome unstarted(int step, StepNode node, Attempt attempt, Map<String, Object> params,
                              Map<String, List<String>> inputIds, Throwable e) {
        if (attempt.aborted() == Attempt.Abort.CANCELLED) return cancelled(step, node);
        Outcome.Failed f = Outcome.Failed.of(StepErrors.reason(e));
        Optional<StepRecord> begun = records.started(node, attempt.number, Optional.empty(), params, Instant.now(), null);
        states[step].record = records.finished(begun, ending(f, inputIds, null));
        return f;
    }

    /** A step cancelled before it started: recorded without an attempt of its own. */
    private Outcome cancelled(int step, StepNode node) {
        states[step].record = records.ended(node, StepStatus.CANCELLED, "cancelled", Instant.now());
        return new Outcome.Cancelled();
    }

    private Outcome skipped(int step, StepNode node, String reason) {
        states[step].record = records.ended(node, StepStatus.SKIPPED, reason, Instant.now());
        return new Outcome.Skipped(reason);
    }

    /**
     * Records a cache hit as a step run of its own that points at the one it reuses. The step's {@code checks:}
     * are a gate, not part of the computation (nor of the cache key): they are evaluated again, on the reused
     * metrics, and recorded as this run's checks, so a tightened threshold fails the step as a fresh run would.
     */
    private Outcome cached(int step, StepNode node, Attempt attempt, Optional<CacheKey> key, Map<String, Object> params,
                           Journal.Hit hit, Map<String, List<String>> inputIds) {
        Instant now = Instant.now();
        Outcome gated = gate(new Outcome.Succeeded(hit.outputs().outputs(), hit.metrics(), reportedChecks(hit, node)),
                node.checks());
        Optional<StepRecord> begun = records.started(node, attempt.number, key, params, now, null);
        Optional<String> source = Optional.of(hit.sourceStepRun());
        if (gated instanceof Outcome.Failed f) {
            states[step].record = records.finished(begun, new StepRecords.Ending(StepStatus.FAILED, now, Optional.of(f.reason()),
                    f.metrics(), f.checks(), inputIds, Map.of(), source, Optional.empty(), NOTHING_STORED));
            return f;
        }
        List<CheckResult> checks = ((Outcome.Succeeded) gated).checks();
        states[step].record = records.finished(begun, new StepRecords.Ending(StepStatus.CACHED, now, Optional.empty(),
                hit.metrics(), checks, inputIds, hit.outputs().ids(), source, Optional.empty(), NOTHING_STORED));
        return new Outcome.Cached(hit.withChecks(checks));
    }

    /**
     * The checks a cached step reported itself ({@code expect}'s expectations, {@code csv}'s warnings): replayed from
     * the run it came from, while its {@code checks:} are evaluated again. A {@code checks:} result is named after its
     * metric, or {@code METRIC (checks:)} when the step reported a check of that name itself.
     */
    private static List<CheckResult> reportedChecks(Journal.Hit hit, StepNode node) {
        java.util.Set<String> recorded = new java.util.HashSet<>();
        hit.checks().forEach(c -> recorded.add(c.name()));
        java.util.Set<String> gates = new java.util.HashSet<>();
        for (CheckSpec c : node.checks()) {
            gates.add(c.metric() + " (checks:)");
            if (!recorded.contains(c.metric() + " (checks:)")) gates.add(c.metric());
        }
        return hit.checks().stream().filter(c -> !gates.contains(c.name())).toList();
    }

    private static final Journal.Stored NOTHING_STORED = new Journal.Stored(Map.of(), Map.of());

    /** A successful step's outcome once its outputs are in the store, and what they became (null if it failed). */
    private record Ingested(Outcome outcome, Journal.Stored stored) {}

    /** Moves a successful step's outputs into the store; a store failure fails the step. */
    private Ingested ingest(StepNode node, Outcome.Succeeded ok) {
        try {
            Journal.Stored st = journal.ingest(node, ok.outputs());
            return new Ingested(new Outcome.Succeeded(st.outputs(), ok.metrics(), ok.checks()), st);
        } catch (RuntimeException e) {
            return new Ingested(new Outcome.Failed("cannot store the outputs of step '" + node.name() + "': "
                    + StepErrors.reason(e), false, Map.of(), ok.metrics(), ok.checks()), null);
        }
    }

    /** How an attempt that ran ended, for its record (cache hits are recorded by {@link #cached}). */
    private static StepRecords.Ending ending(Outcome o, Map<String, List<String>> inputIds, Journal.Stored stored) {
        Instant now = Instant.now();
        Journal.Stored st = stored == null ? NOTHING_STORED : stored;
        return switch (o) {
            case Outcome.Succeeded s -> new StepRecords.Ending(StepStatus.SUCCEEDED, now, Optional.empty(), s.metrics(),
                    s.checks(), inputIds, st.ids(), Optional.empty(), Optional.empty(), st);
            case Outcome.Failed f -> new StepRecords.Ending(StepStatus.FAILED, now, Optional.of(f.reason()), f.metrics(),
                    f.checks(), inputIds, Map.of(), Optional.empty(), exitCode(f.reason()), NOTHING_STORED);
            case Outcome.Cancelled c -> new StepRecords.Ending(StepStatus.CANCELLED, now, Optional.of("cancelled"),
                    Map.of(), List.of(), inputIds, Map.of(), Optional.empty(), Optional.empty(), NOTHING_STORED);
            case Outcome.Skipped k -> new StepRecords.Ending(StepStatus.SKIPPED, now, Optional.of(k.reason()),
                    Map.of(), List.of(), inputIds, Map.of(), Optional.empty(), Optional.empty(), NOTHING_STORED);
            case Outcome.Cached c -> throw new IllegalStateException("a cache hit is recorded where it is found");
            case Outcome.Waiting w -> throw new IllegalStateException("a waiting step is recorded when it is decided");
        };
    }

    /** The exit code a command's failure reason starts with ({@code "exit code 3; ..."}). */
    private static Optional<Integer> exitCode(String reason) {
        if (!reason.startsWith("exit code ")) return Optional.empty();
        int end = reason.indexOf(';');
        try {
            return Optional.of(Integer.parseInt(reason.substring(10, end < 0 ? reason.length() : end).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Input port → the artifact ids of the producers that ran, in binding order. */
    private Map<String, List<String>> inputIds(int step) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        plan.nodes[step].inputs().forEach((port, b) -> {
            List<String> ids = new ArrayList<>();
            for (var ref : b.sources()) {
                for (int u : plan.producers(plan.indexOf(ref.step()))) {
                    if (states[u].stoppedTrial()) continue; // as StepInputs: a sweep's stopped trial is not read
                    String id = states[u].outputIds.get(ref.output());
                    if (id != null) ids.add(id);
                }
            }
            out.put(port, ids);
        });
        return out;
    }

    /** Marks the attempt started, emits {@code StepStarted} with its record, and arms the timeout. */
    private Optional<StepRecord> start(int step, Attempt attempt, Optional<CacheKey> key, Map<String, Object> params, Path log) {
        Optional<StepRecord> begun = begin(step, attempt, key, params, log);
        plan.nodes[step].timeout().ifPresent(d ->
                attempt.timeout(timer.schedule(() -> attempt.abort(Attempt.Abort.TIMED_OUT), d.toNanos(), TimeUnit.NANOSECONDS)));
        return begun;
    }

    private Optional<StepRecord> begin(int step, Attempt attempt, Optional<CacheKey> key, Map<String, Object> params, Path log) {
        Instant now = Instant.now();
        StepProgress s = states[step];
        s.attempts = attempt.number;
        if (s.started == null) s.started = now;
        attempt.started = now;
        Optional<StepRecord> begun = records.started(plan.nodes[step], attempt.number, key, params, now, log);
        events.emit(new RunEvent.StepStarted(runId, now, plan.nodes[step].name(), attempt.number, begun));
        return begun;
    }

    /**
     * An approve step whose turn came: starts its attempt (its {@code timeout:} is the dispatcher's to enforce, as a
     * rejection) and reports it waiting. Without a workspace no one could decide, so it fails at once.
     */
    private Outcome waiting(int step, StepNode node, Attempt attempt, Map<String, Object> params, Map<String, List<String>> inputIds) {
        if (journal.approvals().isEmpty()) {
            return unstarted(step, node, attempt, params, inputIds, new IllegalStateException("approve step '" + node.name()
                    + "' needs a workspace: its decision is kept in the workspace database; run the pipeline with sluice run"));
        }
        return new Outcome.Waiting(begin(step, attempt, Optional.empty(), params, null));
    }

    /** The record of a waiting approve step, marked waiting (the dispatcher's {@code StepWaiting} event carries it). */
    Optional<StepRecord> waitingRecord(Optional<StepRecord> begun, Instant now) {
        return records.finished(begun, new StepRecords.Ending(StepStatus.WAITING, now, Optional.of("waiting for approval"),
                Map.of(), List.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), NOTHING_STORED));
    }

    /**
     * Ends a waiting approve step as decided: approved, it succeeds with the decision as its output {@code decision};
     * rejected, it fails with who rejected it and why. Leaves the record for the dispatcher's final event.
     */
    Outcome decided(int step, Optional<StepRecord> begun, dev.sluice.meta.StepApproval d) {
        StepNode node = plan.nodes[step];
        Outcome o;
        Journal.Stored stored = null;
        if (d.approved()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("decision", d.decision());
            value.put("by", d.by());
            value.put("at", d.at().toString());
            value.put("comment", d.comment().orElse(""));
            Ingested in = ingest(node, new Outcome.Succeeded(Map.of("decision", value), Map.of(), List.of()));
            o = in.outcome();
            stored = in.stored();
            if (stored != null) states[step].outputIds = stored.ids();
        } else {
            o = Outcome.Failed.of("rejected by " + d.by() + " at " + d.at() + d.comment().map(c -> ": " + c).orElse(""));
        }
        states[step].record = records.finished(begun, ending(o, Map.of(), stored));
        return o;
    }

    /** The record of a waiting approve step that the run's cancellation ended. */
    Optional<StepRecord> cancelledWaiting(Optional<StepRecord> begun) {
        return records.finished(begun, ending(new Outcome.Cancelled(), Map.of(), null));
    }

    private Outcome body(int step, StepNode node, Attempt attempt, StepInputs inputs, Map<String, Object> params,
                         RefResolver resolver, StepFolder folder, StepLog log, StepServices extra) throws Exception {
        return switch (node.kind()) {
            case StepKind.CommandStep c -> commands.computeIfAbsent(plan.pipeline.baseDir(node.name()),
                    dir -> new CommandRunner(dir, runId, journal::damaged, processes))
                    .run(node, c, attempt, inputs, params, resolver, folder, log, engines.forCommand(node));
            case StepKind.JavaStep j -> runJava(step, node, j, attempt, inputs, params, resolver, folder, log, extra);
        };
    }

    private Outcome runJava(int step, StepNode node, StepKind.JavaStep j, Attempt attempt, StepInputs inputs,
                            Map<String, Object> params, RefResolver resolver, StepFolder folder, StepLog log,
                            StepServices extra) throws Exception {
        ComponentSpec spec = j.component().spec();
        try {
            StepParams.render(params, resolver, spec);
        } catch (IllegalArgumentException e) {
            return Outcome.Failed.of(e.getMessage());
        }
        JavaStepContext ctx = new JavaStepContext(node.name(), attempt, spec, inputs, params, folder, log, plan.slots(step),
                plan.pipeline.baseDir(node.name()), extra, staging == null ? null : this::staging);
        search.judge(step).ifPresent(ctx::judgedBy);
        Optional<dev.sluice.engine.StepEngine> engine = engines.forStep(node, spec);
        if (engine.isPresent()) {
            log.line("engine: " + engine.get().describe());
            engine.get().run(j.component(), ctx);
        } else {
            j.component().run(ctx);
        }
        Optional<String> missing = ctx.missingOutput();
        if (missing.isPresent()) return new Outcome.Failed(missing.get(), false, Map.of(), ctx.metrics(), ctx.checks());
        return new Outcome.Succeeded(ctx.outputs(), ctx.metrics(), ctx.checks());
    }

    /** The run's staging folder, created by the first step that writes there. */
    private Path staging() {
        if (!stagingMade) {
            StepFolder.ensure(staging);
            stagingMade = true;
        }
        return staging;
    }

    /** Deletes what an attempt that failed for want of space wrote into the staging folder. Best effort. */
    private void discardStaged(StepFolder folder, int attempt) {
        String prefix = JavaStepContext.stagedPrefix(folder, attempt);
        try (var files = java.nio.file.Files.newDirectoryStream(staging,
                f -> f.getFileName().toString().startsWith(prefix))) {
            for (Path f : files) java.nio.file.Files.deleteIfExists(f);
        } catch (java.io.IOException | RuntimeException e) {
            // the space stays taken; the step's error already says what happened
        }
    }

    private static Optional<String> evaluateWhen(StepNode node, RefResolver resolver) {
        if (node.when().isEmpty()) return Optional.empty();
        Condition c = node.when().get();
        boolean go;
        try {
            go = c.test(resolver);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("when: " + c.source() + ": " + e.getMessage(), e);
        }
        return go ? Optional.empty() : Optional.of("when: " + c.source() + " is false");
    }

    /** An attempt stopped from outside ends cancelled or timed out, whatever the step did after the signal. */
    private static Outcome aborted(Outcome o, Attempt attempt, StepNode node, StepLog log) {
        Attempt.Abort why = attempt.aborted();
        if (why == null) return o;
        if (why == Attempt.Abort.CANCELLED) return new Outcome.Cancelled();
        String reason = "timed out after " + show(node.timeout().orElse(Duration.ZERO));
        log.line(reason);
        return Outcome.Failed.of(reason);
    }

    /** Logs the stack trace and the reason; the reason (with a hint for errors of the JVM) is the step's error. */
    private static Outcome failure(Throwable e, StepLog log) {
        String reason = StepErrors.reason(e);
        try {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(log::line);
        } catch (Throwable again) { // out of memory once more while printing: the first line still says what happened
            log.line(e.toString());
        }
        if (!reason.equals(StepErrors.oneLine(e))) log.line(reason);
        return Outcome.Failed.of(reason);
    }

    /**
     * Evaluates {@code checks:} against the metrics of a successful attempt, after the checks the step reported
     * itself; any failure of either (but a step check's of severity warn) fails it as a gate.
     */
    static Outcome gate(Outcome o, List<CheckSpec> checks) {
        if (!(o instanceof Outcome.Succeeded s) || (checks.isEmpty() && s.checks().isEmpty())) return o;
        List<CheckResult> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (CheckResult r : s.checks()) {
            results.add(r);
            names.add(r.name());
            if (r.blocks()) failed.add(r.name() + " " + r.expected() + " (observed " + r.shownObserved() + ")");
        }
        for (CheckSpec c : checks) {
            Double observed = s.metrics().get(c.metric());
            boolean passed = observed != null && c.test(observed);
            String name = names.add(c.metric()) ? c.metric() : c.metric() + " (checks:)";   // names are unique per step run
            results.add(new CheckResult(name, passed, Optional.ofNullable(observed), c.expected()));
            if (!passed) {
                failed.add(c.metric() + " " + c.expected() + (observed == null ? " (metric '" + c.metric() + "' was not reported)"
                        : " (observed " + Template.text(observed) + ")"));
            }
        }
        if (failed.isEmpty()) return new Outcome.Succeeded(s.outputs(), s.metrics(), results);
        return new Outcome.Failed("check failed: " + String.join("; ", failed), true, s.outputs(), s.metrics(), results);
    }

    /** {@code 2s}, {@code 5m}, {@code 1h}, {@code 1500ms}. */
    static String show(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
