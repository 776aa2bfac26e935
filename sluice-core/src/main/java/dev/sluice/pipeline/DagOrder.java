package dev.sluice.pipeline;

import dev.sluice.pipeline.internal.NameIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Cycle detection and topological order, both iterative (a million-step chain must not overflow the stack). */
final class DagOrder {
    private DagOrder() {
    }

    /** Reports every cycle among base steps, once each, as its path in data-flow order. */
    static void reportCycles(Edges edges, Problems problems) {
        int n = edges.size();
        byte[] color = new byte[n];   // 0: not seen, 1: on the stack, 2: done
        Set<String> reported = new HashSet<>();
        int[] stack = new int[Math.min(n, 16)];
        int[] next = new int[stack.length];   // the next producer to visit of the step at the same depth
        for (int root = 0; root < n; root++) {
            if (color[root] != 0) continue;
            int depth = 0;
            stack[0] = root;
            next[0] = 0;
            color[root] = 1;
            while (depth >= 0) {
                int top = stack[depth];
                if (next[depth] < edges.count(top)) {
                    int producer = edges.producer(top, next[depth]++);
                    if (color[producer] == 0) {
                        color[producer] = 1;
                        if (++depth == stack.length) {
                            stack = Arrays.copyOf(stack, 2 * depth);
                            next = Arrays.copyOf(next, 2 * depth);
                        }
                        stack[depth] = producer;
                        next[depth] = 0;
                    } else if (color[producer] == 1) {
                        int from = depth;
                        while (stack[from] != producer) from--;
                        report(Arrays.copyOfRange(stack, from, depth + 1), edges, reported, problems);
                    }
                } else {
                    color[top] = 2;
                    depth--;
                }
            }
        }
    }

    /**
     * {@code members} runs consumer → producer; the message shows data flow (producer → consumer), starting at
     * the step written first, and points at that step's reference that closes the cycle.
     */
    private static void report(int[] members, Edges edges, Set<String> reported, Problems problems) {
        List<String> names = new ArrayList<>();
        for (int m : members) names.add(edges.name(m));
        if (!reported.add(String.join("\n", new TreeSet<>(names)))) return;
        List<Integer> flow = new ArrayList<>();
        for (int i = members.length - 1; i >= 0; i--) flow.add(members[i]);
        int first = flow.stream().min(Integer::compare).orElseThrow();   // indices are file order
        java.util.Collections.rotate(flow, -flow.indexOf(first));
        int closingProducer = flow.getLast();
        flow.add(first);
        String closing = edges.path(first, closingProducer);
        problems.add(closing, "steps form a cycle: " + String.join(" -> ", flow.stream().map(edges::name).toList()),
                "Each step reads the next one's output or runs after it; remove one of these dependencies.");
    }

    /** Kahn's algorithm over int arrays; among ready steps the one written first goes first. */
    static List<StepNode> sort(List<StepNode> nodes) {
        int n = nodes.size();
        NameIndex index = new NameIndex(n);
        for (int i = 0; i < n; i++) index.add(nodes.get(i).name(), i);
        int[] indegree = new int[n];
        int[] start = new int[n + 1];
        for (StepNode node : nodes) {
            for (String dep : node.dependencies()) {
                int d = index.indexOf(dep);
                if (d < 0) throw new IllegalStateException("unknown dependency " + dep);
                start[d + 1]++;
            }
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        int[] dependents = new int[start[n]];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            for (String dep : nodes.get(i).dependencies()) {
                dependents[fill[index.indexOf(dep)]++] = i;
                indegree[i]++;
            }
        }
        IntHeap ready = new IntHeap(n);
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

    /** A min-heap of ints (no boxing): the ready steps, smallest index first. */
    private static final class IntHeap {
        private final int[] heap;
        private int size;

        IntHeap(int capacity) {
            heap = new int[Math.max(1, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(int v) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) break;
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        }

        int poll() {
            int top = heap[0];
            int last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && heap[child + 1] < heap[child]) child++;
                if (heap[child] >= last) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
