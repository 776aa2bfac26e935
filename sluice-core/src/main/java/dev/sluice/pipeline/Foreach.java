package dev.sluice.pipeline;

import dev.sluice.api.ParamSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@code foreach:} step becomes its instances when the run reaches it: the list the upstream output holds is
 * checked (a JSON list of strings, numbers or booleans, or of rows, at most {@code max} elements, distinct instance
 * names), and each element makes an instance like a matrix combination: a scalar one of one key, named
 * {@code train[region=eu]}, the element bound as matrix value {@code as} (and as the component's parameter of that
 * name, if it has one); a row (a JSON object of scalars, as the {@code rows} component makes of a small table) one of
 * its columns, named {@code train[region=eu,cap=3]}, each column bound as a matrix value and parameter of its name and
 * read as {@code ${item.COLUMN}}. Immutable; thread-safe.
 *
 * @param step the step's name (the node that stands for it until then)
 * @param spec what it iterates over
 */
public record Foreach(String step, ForeachSpec spec) {
    /**
     * The elements of {@code value}, checked.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public List<Object> elements(Object value) {
        String source = "'" + spec.from() + "'";
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("foreach of step '" + step + "' reads " + source + ", which holds "
                    + describe(value) + ", not a JSON list; make that output a list such as [\"eu\", \"us\"]");
        }
        if (list.size() > spec.max()) {
            throw new IllegalArgumentException("foreach of step '" + step + "' reads " + source + ", which holds "
                    + list.size() + " elements, more than max: " + spec.max() + "; raise foreach max: (at most "
                    + ForeachSpec.MAX_MAX + ") or give a shorter list");
        }
        List<Object> out = new ArrayList<>(list.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i) instanceof Map<?, ?> m ? row(m, i, source) : scalar(list.get(i));
            if (e == null) {
                throw new IllegalArgumentException("foreach of step '" + step + "': element " + i + " of " + source + " is "
                        + describe(list.get(i)) + "; each element must be a string, a number, a boolean or a row (an object"
                        + " of those)");
            }
            String name = instanceName(e);
            if (!names.add(name)) {
                throw new IllegalArgumentException("foreach of step '" + step + "': " + source + " holds " + Template.text(e)
                        + " twice, and each element names an instance (" + name + "); give distinct elements");
            }
            if (name.length() > PipelineValidator.MAX_INSTANCE_NAME) {
                throw new IllegalArgumentException("foreach of step '" + step + "': element " + i + " of " + source
                        + " makes a " + name.length() + "-character instance name; an instance name has at most "
                        + PipelineValidator.MAX_INSTANCE_NAME + ", as the run makes a folder named after each instance");
            }
            out.add(e);
        }
        return out;
    }

    /** {@code train[region=eu]}, or for a row {@code train[region=eu,cap=3]}. */
    public String instanceName(Object element) {
        return Matrix.instanceName(step, values(element));
    }

    /** The matrix values of an element's instance: the element under {@code as}, or a row's columns. */
    private Map<String, Object> values(Object element) {
        return element instanceof Row r ? r.columns() : Map.of(spec.as(), element);
    }

    /** An element that is a row of a table: column name to a scalar, in column order. */
    public record Row(Map<String, Object> columns) {
        public Row {
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }
    }

    /** A row element, checked: at least one column, each a name and a scalar. */
    private Row row(Map<?, ?> m, int i, String source) {
        if (m.isEmpty()) {
            throw new IllegalArgumentException("foreach of step '" + step + "': element " + i + " of " + source
                    + " is an empty object; a row needs at least one column");
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object v = scalar(e.getValue());
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || v == null) {
                throw new IllegalArgumentException("foreach of step '" + step + "': row " + i + " of " + source + " has column '"
                        + name + "' = " + describe(e.getValue()) + "; each column of a row needs a name of letters, digits"
                        + " and _ and a string, number or boolean value (filter out nulls upstream)");
            }
            columns.put(name, v);
        }
        return new Row(columns);
    }

    /**
     * The instance for one element: the node the step stands for, renamed, with the element as its matrix value and, for
     * a component that has a parameter named {@link ForeachSpec#as()}, as that parameter (checked against its type).
     *
     * @throws IllegalArgumentException when the element does not fit that parameter
     */
    public StepNode instance(StepNode node, Object element) {
        Map<String, Object> values = values(element);
        Map<String, Object> params = new LinkedHashMap<>(node.params());
        values.forEach((as, value) -> {
            if (node.kind() instanceof StepKind.JavaStep j) {
                for (ParamSpec p : j.component().spec().params()) {
                    if (!p.name().equals(as)) continue;
                    try {
                        params.put(as, p.validate(value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("foreach of step '" + step + "': element " + Template.text(value)
                                + " does not fit parameter " + e.getMessage() + " (" + PipelineValidator.describe(p) + ")");
                    }
                }
            } else {
                params.put(as, value);
            }
        });
        return new StepNode(instanceName(element), node.baseName(), node.kind(), params, values, node.inputs(),
                node.after(), node.dependencies(), node.when(), node.retries(), node.timeout(), node.checks(), node.cpu(),
                node.env(), node.code(), node.cache());
    }

    private static Object scalar(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> b;
            case Integer n -> n.longValue();
            case Long n -> n;
            case Double d when Double.isFinite(d) -> d;
            case java.math.BigDecimal d -> d.doubleValue();
            case null, default -> null;
        };
    }

    private static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the text \"" + Template.abbreviate(s) + "\"";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            default -> "the value " + v;
        };
    }
}
