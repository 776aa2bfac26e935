package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.meta.StepApproval;
import dev.sluice.meta.StepApprovals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code approve} steps of one run that wait for a decision. A waiting step holds no worker slot and no thread:
 * it is parked here, and while any step is parked one task on the run's timer reads {@code step_approvals} every
 * {@link #POLL} (a decision may come from another process: the CLI, a server), rejects the steps whose {@code timeout:}
 * expired, and hands each decided step to a worker to end it. A resumed run also finds a decision taken on the run it
 * resumes (kill -9 while waiting, decided while down). Part of its {@link Dispatcher}: state changes happen under the
 * dispatcher's lock.
 */
final class ApprovalWaits {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalWaits.class);
    /** How often the database is read while a step waits; {@code -Dsluice.approve.poll=PT1S} changes it. */
    static final Duration POLL = Duration.parse(System.getProperty("sluice.approve.poll", "PT0.25S"));

    private final Dispatcher d;
    private final Optional<StepApprovals> approvals;
    private final Optional<String> resumed;
    /** Parked steps by index. Guarded by the lock. */
    private final Map<Integer, Parked> parked = new LinkedHashMap<>();
    /** The polling task while a step is parked. Guarded by the lock. */
    private ScheduledFuture<?> poll;

    private record Parked(int step, Attempt attempt, Optional<StepRecord> begun, Optional<Instant> deadline) {}

    ApprovalWaits(Dispatcher d, Optional<StepApprovals> approvals, Optional<String> resumed) {
        this.d = d;
        this.approvals = approvals;
        this.resumed = resumed;
    }

    /** Parks an approve step that reported {@link Outcome.Waiting}, freeing its slots; a stopping run cancels it. */
    void park(int i, Attempt a, Outcome.Waiting w) {
        Instant now = Instant.now();
        String name = d.plan.nodes[i].name();
        Optional<Duration> timeout = d.plan.nodes[i].timeout();
        d.events.emit(new RunEvent.StepWaiting(d.folder.runId(), now, name, timeout, d.runner.waitingRecord(w.begun(), now)));
        LOG.info("run {}: step '{}' waits for approval: sluice approve {} {} [--reject]", d.folder.runId(), name,
                d.folder.runId(), name);
        List<RunEvent> out = new ArrayList<>();
        int extra;
        d.lock.lock();
        try {
            d.freeSlots += d.plan.slots(i);
            StepProgress s = d.states[i];
            s.running = null;
            s.status = StepStatus.WAITING;
            parked.put(i, new Parked(i, a, w.begun(), timeout.map(now::plus)));
            if (d.stopping) cancel(i, out);
            else if (poll == null && !d.timer.isShutdown()) {
                poll = d.timer.scheduleWithFixedDelay(this::poll, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
            }
            d.dispatch();
            extra = d.foreach.takeSilent();
        } finally {
            d.lock.unlock();
        }
        d.settled(out, extra);
    }

    /** Ends a parked step as cancelled (the run stops). Caller holds the lock. */
    void cancel(int i, List<RunEvent> out) {
        Parked p = parked.remove(i);
        if (p == null) return;
        StepProgress s = d.states[i];
        s.status = StepStatus.CANCELLED;
        s.error = "cancelled";
        s.ended = Instant.now();
        out.add(new RunEvent.StepCancelled(d.folder.runId(), s.ended, d.plan.nodes[i].name(), d.runner.cancelledWaiting(p.begun())));
        d.foreach.joined(i, out);
        stopPollingIfIdle();
    }

    private void stopPollingIfIdle() {
        if (parked.isEmpty() && poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    /** On the run's timer: looks for decisions on the parked steps, and rejects those whose time is up. */
    private void poll() {
        List<Parked> now;
        d.lock.lock();
        try {
            now = new ArrayList<>(parked.values());
        } finally {
            d.lock.unlock();
        }
        for (Parked p : now) {
            try {
                decision(p).ifPresent(x -> resume(p, x));
            } catch (RuntimeException e) { // the database is busy or away: the step keeps waiting, the next poll tries again
                LOG.warn("run {}: cannot read the decision on step '{}': {}", d.folder.runId(), d.plan.nodes[p.step()].name(),
                        e.getMessage());
            }
        }
    }

    /** The decision on a parked step: this run's, the resumed run's (copied to this run), or the timeout's. */
    private Optional<StepApproval> decision(Parked p) {
        if (approvals.isEmpty()) return Optional.empty();
        StepApprovals store = approvals.get();
        String run = d.folder.runId();
        String step = d.plan.nodes[p.step()].name();
        Optional<StepApproval> found = store.find(run, step);
        if (found.isPresent()) return found;
        Optional<StepApproval> earlier = resumed.flatMap(r -> store.find(r, step));
        if (earlier.isPresent()) {
            StepApproval e = earlier.get();
            return Optional.of(store.decide(new StepApproval(run, step, e.approved(), e.by(), e.at(), e.comment())));
        }
        if (p.deadline().isPresent() && !Instant.now().isBefore(p.deadline().get())) {
            Duration t = d.plan.nodes[p.step()].timeout().orElse(Duration.ZERO);
            return Optional.of(store.decide(new StepApproval(run, step, false, StepApproval.TIMEOUT, Instant.now(),
                    Optional.of("no decision within " + StepRunner.show(t)))));
        }
        return Optional.empty();
    }

    /** A decision came: the step takes its slots back and a worker ends it. */
    private void resume(Parked p, StepApproval x) {
        d.lock.lock();
        try {
            if (parked.remove(p.step()) == null) return;
            StepProgress s = d.states[p.step()];
            s.status = StepStatus.RUNNING;
            s.running = p.attempt();
            d.freeSlots -= d.plan.slots(p.step());
            stopPollingIfIdle();
        } finally {
            d.lock.unlock();
        }
        LOG.info("run {}: step '{}' {}", d.folder.runId(), d.plan.nodes[p.step()].name(), x.describe());
        d.pool.execute(() -> d.complete(p.step(), p.attempt(), d.runner.decided(p.step(), p.begun(), x)));
    }
}
