package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Runs one pipeline run: event-driven readiness (in-degree counters and a FIFO ready queue, never a scan of
 * pending steps), CPU slots, retries on a timer without holding a slot, blocking, fail-fast and cancellation. The steps
 * of {@code finally:} and {@code on_failure:} wait for every other step to end, whatever happened, then run as a phase
 * of their own: the run's status is fixed when it starts, and a cancelled run gives them {@link RunOptions#finallyGrace}.
 * That phase is {@link FinalPhase}; retries are {@link StepRetries}; the expansion and join of foreach nodes are {@link ForeachJoins}.
 *
 * <p>Ordering: a step's own final event is sent before its dependents are released, so a dependent's
 * {@code StepStarted} follows its producer's {@code StepSucceeded}; the count of finished steps is raised only
 * after their final event was sent, so {@code RunFinished} is always the last event. Thread-safe: state changes
 * happen under one short lock; listeners and process kills run outside it.
 */
final class Dispatcher implements RunHandle {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    final RunPlan plan;
    final StepProgress[] states;
    final int[] waiting;
    final Events events;
    final RunFolder folder;
    private final boolean failFast;
    final RunWorkers pool;
    final ForeachJoins foreach;
    private final FinalPhase finals;
    private final StepRetries retries;
    private final ApprovalWaits approvals;
    final ScheduledThreadPoolExecutor timer;
    final StepRunner runner;
    private final StepGroups groups;
    final StepRecords records;
    private final ProcessRecords processes;
    final ReentrantLock lock = new ReentrantLock();
    final ArrayDeque<Integer> ready = new ArrayDeque<>();
    private final AtomicInteger done = new AtomicInteger();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final Instant startedAt = Instant.now();
    final Duration finallyGrace;
    int freeSlots;
    volatile boolean cancelled;
    volatile boolean stopping;
    /** True once every other step ended and the steps of finally: and on_failure: may start. Guarded by the lock. */
    boolean finalPhase;
    /** The run's status, fixed when the final phase starts: what those steps do does not change it. */
    RunStatus mainStatus;
    /** How many steps the run has: the pipeline's, then each foreach node's instances as they are made. */
    volatile int total;
    /** How many of them run before the steps of finally: and on_failure:. */
    volatile int mainTotal;

    Dispatcher(RunPlan plan, RunOptions options, RunListener listener, RunFolder folder, Journal journal, StepRecords records) {
        this.records = records;
        this.plan = plan;
        this.states = new StepProgress[plan.size()];
        for (int i = 0; i < states.length; i++) states[i] = new StepProgress();
        this.waiting = plan.inDegree.clone();
        this.total = plan.staticSize;
        this.mainTotal = plan.mainCount;
        this.events = new Events(listener);
        this.folder = folder;
        this.failFast = options.failFast();
        this.finallyGrace = options.finallyGrace();
        this.freeSlots = options.workers();
        this.pool = new RunWorkers(options.workers());
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("sluice-scheduler-", false));
        this.timer.setRemoveOnCancelPolicy(true);
        this.processes = new ProcessRecords(options.home(), folder);
        this.foreach = new ForeachJoins(this, plan.size());
        this.finals = new FinalPhase(this);
        this.retries = new StepRetries(this);
        this.approvals = new ApprovalWaits(this, journal.approvals(), options.resumeFrom());
        this.groups = new StepGroups(this, new EngineChoice(plan.pipeline, options.engine()));
        this.runner = new StepRunner(plan, states, events, folder.runId(), folder.dir(), timer, journal, records, processes,
                groups.engines);
    }

    private static ThreadFactory daemon(String prefix, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? prefix + n.incrementAndGet() : prefix + "0");
            t.setDaemon(true);
            return t;
        };
    }

    void start() {
        List<String> names = new ArrayList<>(plan.staticSize);
        for (int i = 0; i < plan.staticSize; i++) {
            if (!plan.isForeach(i)) names.add(plan.nodes[i].name()); // its instances are announced as they start
        }
        events.emit(new RunEvent.RunStarted(folder.runId(), startedAt, plan.pipeline.name(), names));
        if (plan.staticSize == 0) {
            finish();
            return;
        }
        lock.lock();
        try {
            for (int i = 0; i < plan.staticSize; i++) {
                if (waiting[i] == 0 && !plan.isFinal(i)) ready.add(i);
            }
            dispatch();
        } finally {
            lock.unlock();
        }
        if (plan.mainCount == 0) finals.start();
    }

    @Override
    public String runId() {
        return folder.runId();
    }

    @Override
    public RunResult await() {
        return result.join();
    }

    @Override
    public void cancel() {
        stopRunning(() -> {
            if (finalPhase) { // the run's status is known: its final steps get their grace period, then stop
                finals.startGrace();
                return false;
            }
            if (cancelled) return false;
            cancelled = true;
            return true;
        }, "run {} cancelled: stopping {} running steps");
    }

    /**
     * Stops the steps still running, if the run is not done and {@code stop} (asked under the lock) says so, and
     * aborts their attempts; {@code message} is logged with the run id and how many were running.
     */
    void stopRunning(BooleanSupplier stop, String message) {
        List<RunEvent> out = new ArrayList<>();
        List<Attempt> running = new ArrayList<>();
        int extra;
        lock.lock();
        try {
            if (result.isDone() || !stop.getAsBoolean()) return;
            stopRest(out, running);
            extra = foreach.takeSilent();
        } finally {
            lock.unlock();
        }
        LOG.info(message, folder.runId(), running.size());
        settled(out, extra);
        for (Attempt a : running) a.abort(Attempt.Abort.CANCELLED);
    }

    @Override
    public void killProcesses() {
        List<Attempt> running = new ArrayList<>();
        lock.lock();
        try {
            for (StepProgress s : states) {
                if (s.status == StepStatus.RUNNING && s.running != null) running.add(s.running);
            }
        } finally {
            lock.unlock();
        }
        for (Attempt a : running) a.killProcesses();
    }

    /** Starts ready steps while slots allow. Caller holds the lock. */
    void dispatch() {
        while (!stopping && !ready.isEmpty()) {
            int i = ready.peekFirst();
            StepProgress s = states[i];
            if (s.status != StepStatus.PENDING) {
                ready.pollFirst();
                continue;
            }
            int need = plan.slots(i);
            if (need > freeSlots) return; // the head waits for slots: a big step is not starved by small ones
            ready.pollFirst();
            freeSlots -= s.held = need; // what settle gives back
            s.status = StepStatus.RUNNING;
            if (plan.isForeach(i)) {
                pool.execute(() -> foreach.expand(i));
                continue;
            }
            if (groups.start(i)) continue; // with the other ready instances of its matrix step, as one engine's work
            Attempt a = new Attempt(s.attempts + 1, plan.nodes[i].kind() instanceof StepKind.JavaStep);
            s.running = a;
            pool.execute(() -> work(i, a));
        }
    }

    void work(int i, Attempt a) {
        a.bindThread(Thread.currentThread());
        Outcome o;
        try {
            o = runner.run(i, a);
        } catch (Throwable t) {
            LOG.debug("step '{}' failed", plan.nodes[i].name(), t);
            o = a.aborted() == Attempt.Abort.CANCELLED ? new Outcome.Cancelled() : Outcome.Failed.of(StepErrors.reason(t));
        } finally {
            a.finish();
        }
        try {
            complete(i, a, o);
        } catch (RuntimeException | Error e) {
            LOG.error("executor bug while completing step '{}'; the run may not finish", plan.nodes[i].name(), e);
            throw e;
        }
    }

    void complete(int i, Attempt a, Outcome o) {
        StepProgress s = states[i];
        String name = plan.nodes[i].name();
        Instant now = Instant.now();
        Optional<StepRecord> rec = takeRecord(i, a, o, now);
        switch (o) {
            case Outcome.Succeeded ok -> {
                s.end(ok.outputs(), ok.metrics(), ok.checks(), null, now);
                events.emit(new RunEvent.StepSucceeded(folder.runId(), now, name, since(a, now), rec));
                settle(i, StepStatus.SUCCEEDED);
            }
            case Outcome.Cached c -> {
                s.end(c.hit().outputs().outputs(), c.hit().metrics(), c.hit().checks(), null, now);
                s.outputIds = c.hit().outputs().ids();
                events.emit(new RunEvent.StepCached(folder.runId(), now, name, c.hit().sourceRun(), rec));
                settle(i, StepStatus.CACHED);
            }
            case Outcome.Skipped skip -> {
                s.end(s.outputs, s.metrics, s.checks, skip.reason(), now);
                events.emit(new RunEvent.StepSkipped(folder.runId(), now, name, skip.reason(), rec));
                settle(i, StepStatus.SKIPPED);
            }
            case Outcome.Cancelled c -> {
                s.end(s.outputs, s.metrics, s.checks, "cancelled", now);
                events.emit(new RunEvent.StepCancelled(folder.runId(), now, name, rec));
                settle(i, StepStatus.CANCELLED);
            }
            case Outcome.Waiting w -> approvals.park(i, a, w);
            case Outcome.Failed f when retries.retryable(i, a, f) -> retries.retry(i, a, f, now, rec);
            case Outcome.Failed f -> {
                s.end(f.outputs(), f.metrics(), f.checks(), f.reason(), now);
                s.gate = f.gate();
                events.emit(new RunEvent.StepFailed(folder.runId(), now, name, since(a, now), f.reason(), rec));
                settle(i, StepStatus.FAILED);
            }
        }
    }

    /**
     * The record the worker left for this attempt; one made here when it left none (the runner itself failed, a bug:
     * the step still ends recorded, failed or cancelled, with its reason).
     */
    private Optional<StepRecord> takeRecord(int i, Attempt a, Outcome o, Instant now) {
        Optional<StepRecord> left = states[i].record;
        states[i].record = Optional.empty();
        if (left.isPresent()) return left;
        StepNode node = plan.nodes[i];
        return switch (o) {
            case Outcome.Failed f -> records.finished(records.started(node, a.number, Optional.empty(), node.params(), now, null),
                    new StepRecords.Ending(StepStatus.FAILED, now, Optional.of(f.reason()), f.metrics(), f.checks(), Map.of(),
                            Map.of(), Optional.empty(), Optional.empty(), new Journal.Stored(Map.of(), Map.of())));
            case Outcome.Cancelled c -> records.ended(node, StepStatus.CANCELLED, "cancelled", now);
            default -> left;
        };
    }

    private static Duration since(Attempt a, Instant now) {
        return a.started == null ? Duration.ZERO : Duration.between(a.started, now);
    }

    /** Makes a step's final status take effect: frees its slots, releases, blocks or cancels dependents. */
    private void settle(int i, StepStatus status) {
        List<RunEvent> out = new ArrayList<>();
        List<Attempt> running = new ArrayList<>();
        int extra;
        lock.lock();
        try {
            freeSlots += states[i].held;
            states[i].running = null;
            states[i].status = status;
            switch (status) {
                case SUCCEEDED, SKIPPED, CACHED -> release(i);
                case FAILED -> {
                    block(i, out);
                    if (failFast && !stopping && !finalPhase) stopRest(out, running);
                }
                default -> cancelDependents(i, out);
            }
            foreach.joined(i, out);
            dispatch();
            extra = foreach.takeSilent();
        } finally {
            lock.unlock();
        }
        settled(out, 0);
        countDone(1 + extra);
        for (Attempt a : running) a.abort(Attempt.Abort.CANCELLED);
    }

    void release(int i) {
        for (int d : plan.dependents[i]) {
            if (--waiting[d] == 0 && states[d].status == StepStatus.PENDING) ready.addLast(d);
        }
    }

    /** Marks every step downstream of a failed step BLOCKED. Caller holds the lock. */
    private void block(int root, List<RunEvent> out) {
        block(root, plan.nodes[root].name(), out);
    }

    /** Marks every step downstream of {@code root} BLOCKED by failed step {@code rootName}. Caller holds the lock. */
    void block(int root, String rootName, List<RunEvent> out) {
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int d : plan.dependents[root]) blockOrRelease(root, d, todo);
        Instant now = Instant.now();
        while (!todo.isEmpty()) {
            int d = todo.pop();
            StepProgress s = states[d];
            if (s.status != StepStatus.PENDING) continue;
            s.status = StepStatus.BLOCKED;
            s.error = "blocked by failed step '" + rootName + "'";
            out.add(new RunEvent.StepBlocked(folder.runId(), now, plan.nodes[d].name(), rootName,
                    records.ended(plan.nodes[d], StepStatus.BLOCKED, s.error, now)));
            for (int dd : plan.dependents[d]) blockOrRelease(d, dd, todo);
        }
    }

    /**
     * A dependent of a step that failed or was blocked: blocked in turn, unless it only waits for the step's end (a later
     * trial of the same sweep), which has come. Caller holds the lock.
     */
    private void blockOrRelease(int u, int d, ArrayDeque<Integer> todo) {
        if (!plan.ordersOnly(u, d)) {
            todo.push(d);
        } else if (--waiting[d] == 0 && states[d].status == StepStatus.PENDING) {
            ready.addLast(d);
        }
    }

    void cancelDependents(int root, List<RunEvent> out) {
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int d : plan.dependents[root]) todo.push(d);
        while (!todo.isEmpty()) {
            int d = todo.pop();
            if (states[d].status != StepStatus.PENDING) continue;
            markCancelled(d, out);
            for (int dd : plan.dependents[d]) todo.push(dd);
        }
    }

    /**
     * Stops dispatching, cancels every step not started and collects running attempts to abort; before the final phase,
     * the steps of finally: and on_failure: are left alone. Caller holds the lock.
     */
    private void stopRest(List<RunEvent> out, List<Attempt> running) {
        stopping = true;
        ready.clear();
        for (int i = 0; i < states.length; i++) {
            if (plan.nodes[i] == null || !finalPhase && plan.isFinal(i)) continue;
            StepProgress s = states[i];
            if (s.status == StepStatus.PENDING) markCancelled(i, out);
            else if (s.status == StepStatus.RUNNING && s.running != null) running.add(s.running);
            else if (s.status == StepStatus.WAITING) approvals.cancel(i, out);
        }
    }

    private void markCancelled(int i, List<RunEvent> out) {
        states[i].status = StepStatus.CANCELLED;
        states[i].error = "cancelled";
        Instant now = Instant.now();
        out.add(new RunEvent.StepCancelled(folder.runId(), now, plan.nodes[i].name(),
                records.ended(plan.nodes[i], StepStatus.CANCELLED, "cancelled", now)));
        foreach.joined(i, out);
    }

    /** Sends the final events of steps settled as a consequence, then counts them (and {@code extra} more) as done. */
    void settled(List<RunEvent> out, int extra) {
        for (RunEvent e : out) events.emit(e);
        if (!out.isEmpty() || extra > 0) countDone(out.size() + extra);
    }

    void countDone(int k) {
        int after = done.addAndGet(k);
        int main = mainTotal;
        int all = total;
        if (main < all && after - k < main && after >= main) {
            finals.start();
            return;
        }
        if (after == all) finish();
    }

    private void finish() {
        RunResult r;
        lock.lock();
        try {
            List<StepResult> steps = new ArrayList<>(states.length);
            for (int i = 0; i < states.length; i++) {
                // a foreach node shows as itself until it has instances; then they stand for it
                if (plan.nodes[i] == null || plan.isForeach(i) && plan.expanded[i] >= 0) continue;
                steps.add(states[i].toResult(plan.nodes[i].name()));
            }
            Instant end = Instant.now();
            r = new RunResult(folder.runId(), plan.pipeline.name(), finalPhase ? mainStatus : status(),
                    Duration.between(startedAt, end), steps, folder.dir());
        } finally {
            lock.unlock();
        }
        LOG.info("run {} of pipeline '{}' {}", r.runId(), r.pipeline(), r.status().label());
        processes.runEnded();
        events.emit(new RunEvent.RunFinished(folder.runId(), Instant.now(), r));
        pool.shutdown();
        timer.shutdownNow();
        result.complete(r);
    }

    /** The run's status from its steps other than those of finally: and on_failure:. Caller holds the lock. */
    RunStatus status() {
        if (cancelled) return RunStatus.CANCELLED;
        boolean gate = false;
        boolean other = false;
        for (int i = 0; i < states.length; i++) {
            if (plan.nodes[i] == null || plan.isFinal(i)) continue;
            StepProgress s = states[i];
            if (s.status == StepStatus.FAILED && !s.gate) return RunStatus.FAILED;
            if (s.status == StepStatus.FAILED) gate = true;
            if (s.status == StepStatus.CANCELLED) other = true;
        }
        return gate ? RunStatus.BLOCKED : other ? RunStatus.CANCELLED : RunStatus.SUCCEEDED;
    }
}
