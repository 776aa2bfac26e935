package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.StepContext;
import dev.sluice.api.StepStatus;
import dev.sluice.engine.StepEngine;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.StepSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups of one run. When the dispatcher starts an instance of a {@code matrix:} step (or a trial of a sweep that
 * does not learn: {@code grid} or {@code random}, not {@code tpe} or {@code early_stop:}, whose trials wait on each
 * other) whose work goes to an engine that runs groups ({@link dev.sluice.engine.StepEngineProvider#runsGroups}), the
 * other ready instances of that step start with it as one {@link StepGroup}: each still runs as its own attempt, with
 * its own cache lookup, record, events, retries, timeout and cancellation, and only the engine's work is handed over
 * once for all of them ({@link StepEngine#runGroup}: on Spark one job with one task per instance). So the instances of a
 * sweep run as many at once as the cluster has cores, not as many as the driver's {@code --workers}: the group holds
 * the slots of the instance that started it; the others hold none while their work is on the engine.
 * Thread-safe: {@link #start} runs under the dispatcher's lock; the members' map is concurrent.
 */
final class StepGroups {
    private final Dispatcher d;
    final EngineChoice engines;
    /** Base name of a step to whether its instances run as groups. Guarded by the dispatcher's lock. */
    private final Map<String, Boolean> grouped = new HashMap<>();
    /** {@code name#attempt} of an instance whose attempt is in a group, to that group. */
    private final Map<String, StepGroup> members = new ConcurrentHashMap<>();

    StepGroups(Dispatcher d, EngineChoice engines) {
        this.d = d;
        this.engines = engines;
        engines.groups = this;
    }

    /**
     * Starts step {@code head} (just taken from the ready queue, its slots taken) together with the other ready instances
     * of its step, taken from the queue, when its instances run as groups and it has such company; false (nothing done)
     * when it runs alone. Caller holds the lock.
     */
    boolean start(int head) {
        if (!grouped(head)) return false;
        String base = d.plan.nodes[head].baseName();
        List<Integer> steps = new ArrayList<>();
        steps.add(head);
        for (Iterator<Integer> it = d.ready.iterator(); it.hasNext(); ) {
            int j = it.next();
            StepNode n = d.plan.nodes[j];
            if (n == null || d.plan.isForeach(j) || !n.baseName().equals(base) || d.states[j].status != StepStatus.PENDING) continue;
            it.remove();
            d.states[j].status = StepStatus.RUNNING;
            d.states[j].held = 0;
            steps.add(j);
        }
        if (steps.size() == 1) return false;
        Attempt[] attempts = new Attempt[steps.size()];
        for (int k = 0; k < attempts.length; k++) {
            StepProgress s = d.states[steps.get(k)];
            attempts[k] = new Attempt(s.attempts + 1, true);
            s.running = attempts[k];
        }
        StepGroup g = new StepGroup(d, this, steps.stream().mapToInt(Integer::intValue).toArray(), attempts);
        for (int k = 0; k < attempts.length; k++) members.put(key(d.plan.nodes[steps.get(k)].name(), attempts[k].number), g);
        Thread.ofPlatform().daemon().name("sluice-group-" + base).start(g::run);
        return true;
    }

    /** Whether the instances of step {@code i}'s step run as groups. Caller holds the lock. */
    private boolean grouped(int i) {
        StepNode node = d.plan.nodes[i];
        if (node == null || node.matrixValues().isEmpty() || d.plan.isForeach(i) || d.plan.isFinal(i)) return false;
        return grouped.computeIfAbsent(node.baseName(), base -> {
            StepSpec spec = d.plan.pipeline.spec().steps().get(base);
            if (spec == null || spec.foreach().isPresent()) return false;
            boolean independent = spec.sweep().map(s -> !s.learns()).orElse(!spec.matrix().isEmpty());
            try {
                return independent && node.kind() instanceof StepKind.JavaStep j && engines.runsGroups(node, j.component().spec());
            } catch (RuntimeException e) {
                return false; // the engine is missing: the instance fails alone, saying so
            }
        });
    }

    /** The engine a member's work goes to: in a group, its group's work; else {@code engine}'s, alone. */
    StepEngine member(StepEngine engine) {
        return new StepEngine() {
            @Override public String name() { return engine.name(); }
            @Override public String describe() { return engine.describe(); }
            @Override public int runCommand(dev.sluice.engine.CommandWork work) throws Exception { return engine.runCommand(work); }

            @Override
            public void run(Component component, StepContext ctx) throws Exception {
                StepGroup g = members.get(key(ctx.stepName(), ctx.attempt()));
                if (g == null) engine.run(component, ctx);
                else g.arrive(ctx.stepName(), engine, component, ctx);
            }
        };
    }

    /** The attempt of that instance left its group (it ended, whether or not its work reached the engine). */
    void left(String name, int attempt) {
        members.remove(key(name, attempt));
    }

    private static String key(String name, int attempt) {
        return name + "#" + attempt;
    }
}
