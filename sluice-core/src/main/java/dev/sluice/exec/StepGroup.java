package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.StepContext;
import dev.sluice.engine.StepEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Ready instances of one step started together ({@link StepGroups}). Each member runs its attempt exactly as alone, on
 * a virtual thread of its own ({@link Dispatcher#work}): inputs, {@code when:}, the cache lookup, its record and events.
 * A member whose work reaches the engine waits here ({@link #arrive}); one that ends before (a cache hit, a skip, a
 * failure to start) leaves. Once every member arrived or left, the leader hands the arrived ones' work to the engine
 * at once ({@link StepEngine#runGroup}) and gives each member its own result, on which its attempt ends as alone.
 * A member stopped while it waits (cancel, timeout) ends at once; the engine is told through its context. Thread-safe.
 */
final class StepGroup {
    private static final Logger LOG = LoggerFactory.getLogger(StepGroup.class);

    private final Dispatcher d;
    private final StepGroups groups;
    private final int[] steps;
    private final Attempt[] attempts;
    /** Members not yet arrived or left. Guarded by this. */
    private int pending;
    /** Names of the members that arrived. Guarded by this. */
    private final List<String> arrivedNames = new ArrayList<>();
    private final List<Arrival> arrived = new ArrayList<>();

    private record Arrival(StepEngine engine, Component component, StepContext ctx, CompletableFuture<Throwable> result) {}

    StepGroup(Dispatcher d, StepGroups groups, int[] steps, Attempt[] attempts) {
        this.d = d;
        this.groups = groups;
        this.steps = steps;
        this.attempts = attempts;
        this.pending = steps.length;
    }

    /** The leader: starts the members, waits for them to arrive or leave, runs the arrived ones' work as one. */
    void run() {
        for (int k = 0; k < steps.length; k++) {
            int i = steps[k];
            Attempt a = attempts[k];
            String name = d.plan.nodes[i].name();
            Thread.ofPlatform().daemon().name("sluice-worker-" + name).start(() -> {
                try {
                    d.work(i, a);
                } finally {
                    left(name, a.number);
                }
            });
        }
        List<Arrival> go;
        synchronized (this) {
            while (pending > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // no one interrupts the leader; members still end as they can
                    break;
                }
            }
            go = List.copyOf(arrived);
        }
        if (go.isEmpty()) return;
        List<StepContext> contexts = go.stream().map(Arrival::ctx).toList();
        Arrival first = go.get(0);
        LOG.debug("run {}: {} instances of step '{}' as one on {}", d.folder.runId(), go.size(),
                d.plan.nodes[steps[0]].baseName(), first.engine().name());
        List<Throwable> results;
        try {
            results = first.engine().runGroup(first.component(), contexts);
            if (results.size() != go.size()) {
                throw new IllegalStateException("engine " + first.engine().name() + " answered " + results.size()
                        + " results for " + go.size() + " steps");
            }
        } catch (Throwable t) { // the whole group's work failed: each member fails with it
            results = new ArrayList<>();
            for (int k = 0; k < go.size(); k++) results.add(t);
        }
        for (int k = 0; k < go.size(); k++) go.get(k).result().complete(results.get(k));
    }

    /**
     * A member's work reached the engine: waits for the group's, and throws what failed it. An interrupt (the attempt's
     * cancel or timeout) ends the wait.
     */
    void arrive(String name, StepEngine engine, Component component, StepContext ctx) throws Exception {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        synchronized (this) {
            arrived.add(new Arrival(engine, component, ctx, result));
            arrivedNames.add(name);
            pending--;
            notifyAll();
        }
        Throwable t;
        try {
            t = result.get();
        } catch (ExecutionException e) {
            t = e.getCause();
        }
        if (t == null) return;
        if (t instanceof Exception e) throw e;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    private void left(String name, int attempt) {
        groups.left(name, attempt);
        synchronized (this) {
            if (arrivedNames.contains(name)) return;
            arrivedNames.add(name);
            pending--;
            notifyAll();
        }
    }
}
