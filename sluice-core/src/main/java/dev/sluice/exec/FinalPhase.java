package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.FinalSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The final phase of one run: once every other step has ended, the steps of {@code finally:} and {@code on_failure:}
 * start, and a cancelled run gives them {@link RunOptions#finallyGrace}. Part of its {@link Dispatcher}: state changes
 * happen under the dispatcher's lock, as each method says.
 */
final class FinalPhase {
    private static final Logger LOG = LoggerFactory.getLogger(FinalPhase.class);

    private final Dispatcher d;
    /** Cancels the final steps still running when the grace period of a cancelled run is over. Guarded by the lock. */
    private ScheduledFuture<?> grace;

    FinalPhase(Dispatcher d) {
        this.d = d;
    }

    /**
     * Every other step has ended: fixes the run's status, publishes it to the steps of finally: and on_failure:, skips
     * the latter unless the run failed, and releases them (a cancelled run gives them its grace period).
     */
    void start() {
        List<RunEvent> out = new ArrayList<>();
        int extra;
        d.lock.lock();
        try {
            d.finalPhase = true;
            d.mainStatus = d.status();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < d.states.length; i++) {
                if (d.plan.nodes[i] != null && !d.plan.isFinal(i) && !d.plan.isForeach(i) && d.states[i].status == StepStatus.FAILED) {
                    failed.add(d.plan.nodes[i].name());
                }
            }
            d.runner.runSoFar(new RunSoFar(d.mainStatus, failed));
            d.stopping = false;
            boolean runFailed = d.mainStatus == RunStatus.FAILED || d.mainStatus == RunStatus.BLOCKED;
            Instant now = Instant.now();
            for (int i = 0; i < d.states.length; i++) {
                if (d.plan.phases[i] != FinalSteps.Phase.ON_FAILURE || runFailed || i >= d.plan.staticSize) continue;
                StepProgress s = d.states[i];
                s.status = StepStatus.SKIPPED;
                s.error = "the run " + d.mainStatus.label() + ", and on_failure: steps run only when it fails";
                s.ended = now;
                out.add(new RunEvent.StepSkipped(d.folder.runId(), now, d.plan.nodes[i].name(), s.error,
                        d.records.ended(d.plan.nodes[i], StepStatus.SKIPPED, s.error, now)));
                for (int dep : d.plan.dependents[i]) d.waiting[dep]--;
            }
            for (int i = 0; i < d.states.length; i++) {
                if (i < d.plan.staticSize && d.plan.isFinal(i) && d.waiting[i] == 0 && d.states[i].status == StepStatus.PENDING) {
                    d.ready.add(i);
                }
            }
            if (d.cancelled) startGrace();
            d.dispatch();
            extra = d.foreach.takeSilent();
        } finally {
            d.lock.unlock();
        }
        d.settled(out, extra);
    }

    /** Starts the grace period of the final steps once. Caller holds the lock. */
    void startGrace() {
        if (grace != null || d.timer.isShutdown()) return;
        LOG.info("run {} cancelled: its finally: and on_failure: steps have {} to end", d.folder.runId(), d.finallyGrace);
        grace = d.timer.schedule(this::graceOver, d.finallyGrace.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The grace period is over: the final steps that have not ended are cancelled. */
    private void graceOver() {
        d.stopRunning(() -> true, "run {}: grace period over, cancelling {} running final steps");
    }
}
