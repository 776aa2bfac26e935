package dev.sluice.exec;

import dev.sluice.pipeline.Binding;
import dev.sluice.pipeline.FinalSteps;
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
 * so that readiness is a counter decrement and never a scan. Immutable after construction; thread-safe.
 */
final class RunPlan {
    final Pipeline pipeline;
    final StepNode[] nodes;
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

    RunPlan(Pipeline pipeline, int workers) {
        this.pipeline = pipeline;
        List<StepNode> steps = pipeline.steps();
        int n = steps.size();
        this.nodes = steps.toArray(new StepNode[0]);
        this.cpuSlots = workers;
        this.index = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) index.put(nodes[i].name(), i);
        this.phases = new FinalSteps.Phase[n];
        int main = 0;
        for (int i = 0; i < n; i++) {
            phases[i] = pipeline.phase(nodes[i]);
            if (!phases[i].isFinal()) main++;
        }
        this.mainCount = main;
        this.inDegree = new int[n];
        int[][] upstream = new int[n][];
        int[] outCount = new int[n];
        for (int i = 0; i < n; i++) {
            upstream[i] = upstreamOf(nodes[i]);
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
    }

    int size() {
        return nodes.length;
    }

    /** The index of a step instance, or -1. */
    int indexOf(String stepName) {
        Integer i = index.get(stepName);
        return i == null ? -1 : i;
    }

    /** True for a step of {@code finally:} or {@code on_failure:}. */
    boolean isFinal(int step) {
        return phases[step].isFinal();
    }

    /** CPU slots a step takes: its {@code cpu}, clamped to the pool so it can always run. */
    int slots(int step) {
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
