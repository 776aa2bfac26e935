package dev.sluice.exec;

import dev.sluice.pipeline.Binding;
import dev.sluice.pipeline.FinalSteps;
import dev.sluice.pipeline.Foreach;
import dev.sluice.pipeline.OutputRef;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The int-indexed form of a pipeline that the dispatcher works on: built once per run in O(steps + edges),
 * so that readiness is a counter decrement and never a scan. A {@code foreach:} step is one node until the run reaches
 * it; behind the pipeline's nodes, each such node has {@code max} reserved slots that {@link #expand} fills with its
 * instances then, so indexes never move. Immutable after construction but for {@link #expand}, which the dispatcher
 * calls under its lock before it releases the new slots; thread-safe for readers of released slots.
 */
final class RunPlan {
    final Pipeline pipeline;
    /** the pipeline's nodes, then the reserved slots of foreach nodes (null until expanded) */
    final StepNode[] nodes;
    /** how many of {@link #nodes} are the pipeline's own */
    final int staticSize;
    /** for a foreach node, how its instances are made; null for the others */
    final Foreach[] foreach;
    /** for a foreach node, its first reserved slot; for an instance slot, -1 */
    final int[] firstSlot;
    /** for a foreach node, how many instances it got (-1 until expanded) */
    final int[] expanded;
    /** for an instance slot, its foreach node; -1 for the pipeline's own nodes */
    final int[] joinOf;
    /** for each step, the indexes of the steps that wait for it */
    final int[][] dependents;
    /** for each step, how many distinct upstream steps it waits for */
    final int[] inDegree;
    /** for each step, its folder name under {@code steps/} (sanitized, unique) */
    final String[] folders;
    final int cpuSlots;
    /** for each step, when it runs: with the others, or after all of them ({@code finally:}, {@code on_failure:}) */
    final FinalSteps.Phase[] phases;
    /** how many steps run with the others (not {@code finally:} nor {@code on_failure:}) */
    final int mainCount;
    private final Map<String, Integer> index;
    private final Set<String> usedFolders;

    RunPlan(Pipeline pipeline, int workers) {
        this.pipeline = pipeline;
        List<StepNode> steps = pipeline.steps();
        int declared = steps.size();
        int n = declared;
        for (Foreach f : pipeline.foreachSteps().values()) n += f.spec().max();
        this.staticSize = declared;
        this.nodes = steps.toArray(new StepNode[n]);
        this.cpuSlots = workers;
        this.index = pipeline.foreachSteps().isEmpty() ? HashMap.newHashMap(n) : new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < declared; i++) index.put(nodes[i].name(), i);
        this.foreach = new Foreach[n];
        this.firstSlot = new int[n];
        this.expanded = new int[n];
        this.joinOf = new int[n];
        java.util.Arrays.fill(firstSlot, -1);
        java.util.Arrays.fill(expanded, -1);
        java.util.Arrays.fill(joinOf, -1);
        this.phases = new FinalSteps.Phase[n];
        int main = 0;
        int next = declared;
        for (int i = 0; i < declared; i++) {
            phases[i] = pipeline.phase(nodes[i]);
            if (!phases[i].isFinal()) main++;
            Foreach f = pipeline.foreach(nodes[i].name()).orElse(null);
            if (f == null) continue;
            foreach[i] = f;
            firstSlot[i] = next;
            for (int k = 0; k < f.spec().max(); k++) {
                joinOf[next + k] = i;
                phases[next + k] = phases[i];
            }
            next += f.spec().max();
        }
        this.mainCount = main;
        this.inDegree = new int[n];
        int[][] upstream = new int[n][];
        int[] outCount = new int[n];
        for (int i = 0; i < n; i++) {
            upstream[i] = i < declared ? upstreamOf(nodes[i]) : new int[0];
            inDegree[i] = upstream[i].length;
            for (int u : upstream[i]) outCount[u]++;
        }
        this.dependents = new int[n][];
        for (int i = 0; i < n; i++) dependents[i] = new int[outCount[i]];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            for (int u : upstream[i]) dependents[u][fill[u]++] = i;
        }
        this.folders = folderNames(nodes);
        this.usedFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (String f : folders) if (f != null) usedFolders.add(f);
    }

    /**
     * Fills the reserved slots of foreach node {@code p} with its instances, in order, and returns their indexes. Called
     * once per node, under the dispatcher's lock, before any of them is released.
     */
    int[] expand(int p, List<StepNode> instances) {
        if (expanded[p] >= 0) throw new IllegalStateException("foreach step '" + nodes[p].name() + "' expanded twice");
        int[] slots = new int[instances.size()];
        for (int k = 0; k < slots.length; k++) {
            int s = firstSlot[p] + k;
            nodes[s] = instances.get(k);
            String base = sanitize(nodes[s].name());
            String name = base;
            for (int m = 2; !usedFolders.add(name); m++) name = base + "-" + m;
            folders[s] = name;
            index.put(nodes[s].name(), s);
            slots[k] = s;
        }
        expanded[p] = slots.length;
        return slots;
    }

    /** The slots whose outputs a reference to step {@code u} reads: its instances for a foreach node, else itself. */
    int[] producers(int u) {
        if (foreach[u] == null) return new int[] {u};
        int n = Math.max(expanded[u], 0);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) out[k] = firstSlot[u] + k;
        return out;
    }

    /** True for a node that stands for a foreach step until the run reaches it. */
    boolean isForeach(int step) {
        return foreach[step] != null;
    }

    int size() {
        return nodes.length;
    }

    /** The index of a step instance, or -1. */
    int indexOf(String stepName) {
        Integer i = index.get(stepName);
        return i == null ? -1 : i;
    }

    /**
     * True when step {@code d} waits for step {@code u} only to start after it (two trials of one sweep: {@code parallel}
     * and the trials a trial learns from), not for its outputs: a failed {@code u} lets {@code d} run instead of
     * blocking it.
     */
    boolean ordersOnly(int u, int d) {
        StepNode a = nodes[u];
        StepNode b = nodes[d];
        return a != null && b != null && a.baseName().equals(b.baseName()) && pipeline.sweeps().containsKey(a.baseName());
    }

    /** True for a step of {@code finally:} or {@code on_failure:}. */
    boolean isFinal(int step) {
        return phases[step].isFinal();
    }

    /** CPU slots a step takes: its {@code cpu}, clamped to the pool so it can always run. */
    int slots(int step) {
        if (foreach[step] != null) return 0; // expanding it takes no slot; its instances take theirs
        return Math.min(nodes[step].cpu(), cpuSlots);
    }

    private int[] upstreamOf(StepNode node) {
        Set<Integer> seen = new HashSet<>();
        for (String dep : node.dependencies()) addUpstream(node, dep, seen);
        for (String dep : node.after()) addUpstream(node, dep, seen);
        for (Binding b : node.inputs().values()) {
            for (OutputRef ref : b.sources()) addUpstream(node, ref.step(), seen);
        }
        return seen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private void addUpstream(StepNode node, String dep, Set<Integer> seen) {
        Integer u = index.get(dep);
        if (u == null) {
            throw new IllegalArgumentException("step '" + node.name() + "' depends on '" + dep
                    + "', which is not a step of pipeline '" + pipeline.name() + "'; validate the pipeline first");
        }
        if (u >= index.get(node.name())) {
            throw new IllegalArgumentException("step '" + node.name() + "' depends on '" + dep
                    + "', which comes later in the pipeline: steps must be in topological order (is there a cycle?)");
        }
        // a final step waits for the whole run instead: what it reads from the others is there or is not when it starts
        if (pipeline.phase(node).isFinal() && !pipeline.phase(nodes[u]).isFinal()) return;
        seen.add(u);
    }

    /** Folder names: keeps {@code [A-Za-z0-9._=-]}, replaces the rest by {@code _}, and adds {@code -2}, ... to repeats. */
    static String[] folderNames(StepNode[] nodes) {
        String[] out = new String[nodes.length];
        Set<String> used = HashSet.newHashSet(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) continue;
            String base = sanitize(nodes[i].name());
            String name = base;
            for (int k = 2; !used.add(name); k++) name = base + "-" + k;
            out[i] = name;
        }
        return out;
    }

    static String sanitize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '=' || c == '-';
            sb.append(keep ? c : '_');
        }
        String s = sb.toString();
        if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) s = "_" + s;
        return s;
    }
}
