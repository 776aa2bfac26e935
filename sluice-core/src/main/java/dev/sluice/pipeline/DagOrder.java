package dev.sluice.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/** Cycle detection and topological order, both iterative (a million-step chain must not overflow the stack). */
final class DagOrder {
    private DagOrder() {
    }

    /**
     * Reports every cycle among base steps, once each, as its path in data-flow order.
     *
     * @param edges consumer → producer → path of the reference that wires them
     */
    static void reportCycles(Collection<String> steps, Map<String, Map<String, String>> edges,
                             PipelineValidator.Problems problems) {
        Map<String, Integer> color = new HashMap<>();   // absent: white, 1: on the stack, 2: done
        Set<String> reported = new HashSet<>();
        Map<String, Integer> order = new HashMap<>();
        for (String s : steps) order.put(s, order.size());
        for (String root : steps) {
            if (color.containsKey(root)) continue;
            ArrayDeque<Frame> stack = new ArrayDeque<>();
            List<String> path = new ArrayList<>();
            stack.push(new Frame(root, producers(edges, root)));
            color.put(root, 1);
            path.add(root);
            while (!stack.isEmpty()) {
                Frame top = stack.peek();
                if (top.next.hasNext()) {
                    String producer = top.next.next();
                    Integer c = color.get(producer);
                    if (c == null) {
                        color.put(producer, 1);
                        path.add(producer);
                        stack.push(new Frame(producer, producers(edges, producer)));
                    } else if (c == 1) {
                        report(path.subList(path.indexOf(producer), path.size()), order, edges, reported, problems);
                    }
                } else {
                    color.put(top.step, 2);
                    path.removeLast();
                    stack.pop();
                }
            }
        }
    }

    private static Iterator<String> producers(Map<String, Map<String, String>> edges, String step) {
        return edges.getOrDefault(step, Map.of()).keySet().iterator();
    }

    /**
     * {@code members} runs consumer → producer; the message shows data flow (producer → consumer), starting at
     * the step written first, and points at that step's reference that closes the cycle.
     */
    private static void report(List<String> members, Map<String, Integer> order, Map<String, Map<String, String>> edges,
                               Set<String> reported, PipelineValidator.Problems problems) {
        if (!reported.add(String.join("\n", new TreeSet<>(members)))) return;
        List<String> flow = new ArrayList<>(members.reversed());
        String first = flow.stream().min(java.util.Comparator.comparingInt(order::get)).orElseThrow();
        java.util.Collections.rotate(flow, -flow.indexOf(first));
        String closingProducer = flow.getLast();
        flow.add(first);
        String closing = edges.get(first).get(closingProducer);
        problems.add(closing, "steps form a cycle: " + String.join(" -> ", flow),
                "Each step reads the next one's output or runs after it; remove one of these dependencies.");
    }

    private record Frame(String step, Iterator<String> next) {}

    /** Kahn's algorithm over int arrays; among ready steps the one written first goes first. */
    static List<StepNode> sort(List<StepNode> nodes) {
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) index.put(nodes.get(i).name(), i);
        int[] indegree = new int[n];
        int[] start = new int[n + 1];
        for (StepNode node : nodes) {
            for (String dep : node.dependencies()) {
                Integer d = index.get(dep);
                if (d == null) throw new IllegalStateException("unknown dependency " + dep);
                start[d + 1]++;
            }
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        int[] dependents = new int[start[n]];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            for (String dep : nodes.get(i).dependencies()) {
                dependents[fill[index.get(dep)]++] = i;
                indegree[i]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) if (indegree[i] == 0) ready.add(i);
        List<StepNode> out = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(nodes.get(i));
            for (int k = start[i]; k < start[i + 1]; k++) if (--indegree[dependents[k]] == 0) ready.add(dependents[k]);
        }
        if (out.size() != n) throw new IllegalStateException("cycle among step instances");
        return out;
    }
}
