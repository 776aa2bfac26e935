package dev.sluice.pipeline;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Pipeline#instances()} without an entry per step: every step of the spec maps to itself, except the matrix
 * steps, which map to their instance names. A view over the spec's step map (kept by the pipeline anyway) and a
 * map of the matrix steps alone. Immutable; thread-safe.
 */
final class Instances extends AbstractMap<String, List<String>> {
    private final Map<String, StepSpec> steps;
    private final Map<String, List<String>> matrices;

    /** @param matrices the instance names of each matrix step of {@code steps} */
    Instances(Map<String, StepSpec> steps, Map<String, List<String>> matrices) {
        this.steps = steps;
        this.matrices = Map.copyOf(matrices);
    }

    @Override
    public List<String> get(Object key) {
        if (!(key instanceof String name) || !steps.containsKey(name)) return null;
        List<String> names = matrices.get(name);
        return names != null ? names : List.of(name);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && steps.containsKey(name);
    }

    @Override
    public int size() {
        return steps.size();
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, List<String>>> iterator() {
                Iterator<String> names = steps.keySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return names.hasNext();
                    }

                    @Override
                    public Entry<String, List<String>> next() {
                        String name = names.next();
                        return Map.entry(name, get(name));
                    }
                };
            }

            @Override
            public int size() {
                return steps.size();
            }
        };
    }
}
