package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Foreach;
import dev.sluice.pipeline.StepNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The foreach nodes of one run: expands a node into its instances when it is ready, and ends it when the last of them
 * ends. Part of its {@link Dispatcher}: state changes happen under the dispatcher's lock, as each method says.
 */
final class ForeachJoins {
    private static final Logger LOG = LoggerFactory.getLogger(ForeachJoins.class);

    private final Dispatcher d;
    /** For a foreach node, how many of its instances have not ended. Guarded by the lock. */
    private final int[] pendingJoin;
    /** Foreach nodes that ended when their last instance did, not yet counted as done. Guarded by the lock. */
    private int silentDone;

    ForeachJoins(Dispatcher d, int size) {
        this.d = d;
        this.pendingJoin = new int[size];
    }

    /**
     * A foreach node is ready: reads the list its source step gave, makes one instance per element in its reserved
     * slots and releases them; it ends when they all have. A list that is not one, too long, or whose elements do not
     * fit fails it, recorded with the reason; a skipped source skips it.
     */
    void expand(int p) {
        StepNode node = d.plan.nodes[p];
        Foreach f = d.plan.foreach[p];
        Attempt a = new Attempt(1, false);
        List<StepNode> made = new ArrayList<>();
        try {
            StepProgress source = d.states[d.plan.indexOf(f.spec().step())];
            if (source.status == StepStatus.SKIPPED) {
                String why = "foreach reads '" + f.spec().from() + "', and step '" + f.spec().step() + "' was skipped";
                d.states[p].record = d.records.ended(node, StepStatus.SKIPPED, why, Instant.now());
                d.complete(p, a, new Outcome.Skipped(why));
                return;
            }
            for (Object e : f.elements(source.outputs.get(f.spec().output()))) made.add(f.instance(node, e));
        } catch (RuntimeException e) {
            d.complete(p, a, Outcome.Failed.of(StepErrors.reason(e)));
            return;
        }
        List<RunEvent> out = new ArrayList<>();
        int extra;
        boolean stopped;
        d.lock.lock();
        try {
            stopped = d.stopping;
            if (!stopped) {
                int[] slots = d.plan.expand(p, made);
                pendingJoin[p] = slots.length;
                d.total += slots.length;
                if (!d.plan.isFinal(p)) d.mainTotal += slots.length;
                for (int slot : slots) d.ready.addLast(slot);
                if (slots.length == 0) joinDone(p, out);
                d.dispatch();
            }
            extra = takeSilent();
        } finally {
            d.lock.unlock();
        }
        if (stopped) {
            d.states[p].record = d.records.ended(node, StepStatus.CANCELLED, "cancelled", Instant.now());
            d.complete(p, a, new Outcome.Cancelled());
            return;
        }
        LOG.info("run {}: foreach step '{}' has {} instances", d.folder.runId(), node.name(), made.size());
        d.settled(out, extra);
    }

    /** An instance of a foreach node ended: the node ends with its last one. Caller holds the lock. */
    void joined(int i, List<RunEvent> out) {
        int p = d.plan.joinOf[i];
        if (p < 0 || --pendingJoin[p] > 0) return;
        joinDone(p, out);
    }

    /**
     * Ends foreach node {@code p} once its instances have: failed if one failed (a gate if only gates did), cancelled if
     * one was, else succeeded; releases, blocks or cancels what waits for it. Caller holds the lock.
     */
    void joinDone(int p, List<RunEvent> out) {
        String failed = null;
        boolean gates = true;
        boolean cancelledOne = false;
        for (int slot : d.plan.producers(p)) {
            StepProgress s = d.states[slot];
            if (s.status == StepStatus.FAILED) {
                if (failed == null) failed = d.plan.nodes[slot].name();
                gates &= s.gate;
            } else if (s.status == StepStatus.CANCELLED) {
                cancelledOne = true;
            }
        }
        StepProgress node = d.states[p];
        node.ended = Instant.now();
        silentDone++;
        if (failed != null) {
            node.status = StepStatus.FAILED;
            node.gate = gates;
            node.error = "instance '" + failed + "' failed";
            d.block(p, failed, out);
        } else if (cancelledOne) {
            node.status = StepStatus.CANCELLED;
            node.error = "cancelled";
            d.cancelDependents(p, out);
        } else {
            node.status = StepStatus.SUCCEEDED;
            d.release(p);
        }
    }

    /** Foreach nodes ended silently since the last call, to count as done. Caller holds the lock. */
    int takeSilent() {
        int n = silentDone;
        silentDone = 0;
        return n;
    }
}
