package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Matrix fan-out: the cartesian product of a step's {@code matrix:} values, and instance names. */
final class Matrix {
    /** More instances than this is almost certainly a mistake in the file. */
    static final int MAX_INSTANCES = 100_000;

    /** The one empty combination of every plain step, shared. */
    private static final List<Map<String, Object>> PLAIN = List.of(Map.of());

    private Matrix() {
    }

    /** The combinations in file order (last key varies fastest); one empty combination for a plain step. */
    static List<Map<String, Object>> expand(StepSpec s, Problems problems) {
        if (s.matrix().isEmpty()) return PLAIN;
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        long total = 1;
        for (Map.Entry<String, List<Object>> axis : s.matrix().entrySet()) {
            if (axis.getValue().isEmpty()) {
                problems.add("steps." + s.name() + ".matrix." + axis.getKey(),
                        "matrix '" + axis.getKey() + "' of step '" + s.name() + "' has no values", "List at least one value.");
                continue;
            }
            total *= axis.getValue().size();
            if (total > MAX_INSTANCES) {
                problems.add("steps." + s.name() + ".matrix", "matrix of step '" + s.name() + "' expands to more than "
                        + MAX_INSTANCES + " instances", "Use fewer values per key.");
                return List.of(Map.of());
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos;
    }

    /** {@code gbdt[eta=0.1,depth=3]} */
    static String instanceName(String base, Map<String, Object> combo) {
        StringJoiner j = new StringJoiner(",", base + "[", "]");
        combo.forEach((k, v) -> j.add(k + "=" + Template.text(v)));
        return j.toString();
    }
}
