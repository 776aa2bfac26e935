package dev.sluice.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The canary set: rows of a table written as the JSON request bodies a client would send, one object per row with
 * the model's input fields in their schema types (a missing value is {@code null}). Stateless.
 */
final class CanaryRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CanaryRows() {}

    /** The first {@code limit} rows of {@code table} as request bodies; fails naming the input columns it lacks. */
    static List<String> bodies(Frame table, List<ModelInfo.Field> inputs, int limit) {
        Set<String> have = new HashSet<>(table.names());
        List<String> missing = inputs.stream().map(ModelInfo.Field::name).filter(n -> !have.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the canary table lacks the model's input column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " (it has " + String.join(", ", table.names())
                    + "); wire a table with the training features, e.g. split.test");
        }
        int n = Math.min(limit, table.rows());
        List<String> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            ObjectNode row = JSON.createObjectNode();
            for (ModelInfo.Field f : inputs) put(row, f, table.column(f.name()), r);
            out.add(row.toString());
        }
        return out;
    }

    private static void put(ObjectNode row, ModelInfo.Field f, Column c, int r) {
        String name = f.name();
        boolean integral = f.type().equalsIgnoreCase("long");
        switch (c) {
            case Column.Doubles d -> {
                if (d.nulls().get(r) || !Double.isFinite(d.values()[r])) row.putNull(name);
                else if (integral && d.values()[r] == Math.rint(d.values()[r])) row.put(name, (long) d.values()[r]);
                else row.put(name, d.values()[r]);
            }
            case Column.Longs l -> {
                if (l.nulls().get(r)) row.putNull(name);
                else if (integral) row.put(name, l.values()[r]);
                else row.put(name, (double) l.values()[r]);
            }
            case Column.Strings s -> {
                if (s.values()[r] == null) row.putNull(name);
                else row.put(name, s.values()[r]);
            }
            case Column.Bools b -> {
                if (b.nulls().get(r)) row.putNull(name);
                else row.put(name, b.values()[r]);
            }
        }
    }
}
