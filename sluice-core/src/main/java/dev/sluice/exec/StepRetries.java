package dev.sluice.exec;

import dev.sluice.api.StepStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The retries of one run's failed steps: a step whose attempt failed and that has retries left frees its slots at
 * once and goes back to the ready queue after its backoff, on the run's timer, without holding a slot while it waits;
 * a run that stops meanwhile cancels it instead. Part of its {@link Dispatcher}: state changes happen under the
 * dispatcher's lock, as each method says.
 */
final class StepRetries {
    private final Dispatcher d;

    StepRetries(Dispatcher d) {
        this.d = d;
    }

    /** Whether a failed attempt is tried again: not a gate's failure, a step that started, retries left, the run going on. */
    boolean retryable(int i, Attempt a, Outcome.Failed f) {
        return !f.gate() && a.started != null && a.number <= d.plan.nodes[i].retries().maxRetries() && !d.stopping;
    }

    /** Frees the slots at once and puts the step back in the ready queue after the backoff. */
    void retry(int i, Attempt a, Outcome.Failed f, Instant now, Optional<StepRecord> rec) {
        Duration delay = d.plan.nodes[i].retries().delayBefore(a.number);
        d.events.emit(new RunEvent.StepRetrying(d.folder.runId(), now, d.plan.nodes[i].name(), a.number, delay, f.reason(), rec));
        boolean stopped;
        d.lock.lock();
        try {
            d.freeSlots += d.states[i].held;
            d.states[i].running = null;
            d.states[i].status = StepStatus.PENDING;
            stopped = d.stopping;
            if (!stopped) d.timer.schedule(() -> requeue(i), delay.toNanos(), TimeUnit.NANOSECONDS);
            d.dispatch();
        } finally {
            d.lock.unlock();
        }
        if (stopped) cancelWaiting(i);
    }

    private void cancelWaiting(int i) {
        List<RunEvent> out = new ArrayList<>();
        int extra;
        d.lock.lock();
        boolean mine;
        try {
            mine = d.states[i].status == StepStatus.PENDING;
            if (mine) {
                d.states[i].status = StepStatus.CANCELLED;
                d.states[i].error = "cancelled";
                d.foreach.joined(i, out);
            }
            extra = d.foreach.takeSilent();
        } finally {
            d.lock.unlock();
        }
        if (mine) {
            Instant now = Instant.now();
            d.events.emit(new RunEvent.StepCancelled(d.folder.runId(), now, d.plan.nodes[i].name(),
                    d.records.ended(d.plan.nodes[i], StepStatus.CANCELLED, "cancelled", now)));
            d.countDone(1);
        }
        d.settled(out, extra);
    }

    private void requeue(int i) {
        d.lock.lock();
        try {
            if (d.states[i].status != StepStatus.PENDING || d.stopping) return;
            d.ready.addLast(i);
            d.dispatch();
        } finally {
            d.lock.unlock();
        }
    }
}
