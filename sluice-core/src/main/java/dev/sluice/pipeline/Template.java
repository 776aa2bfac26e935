package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A string that may hold {@code ${...}} references: {@code ${params.x}} (pipeline parameter),
 * {@code ${with.x}} (the step's own parameter), {@code ${matrix.x}}, {@code ${steps.s.metrics.m}},
 * {@code ${steps.s.outputs.o}}, {@code ${inputs.name}} and {@code ${outputs.name}} (paths, command steps),
 * {@code ${env.NAME}}, and in steps that run after the others ({@code finally:}, {@code on_failure:})
 * {@code ${run.status}} and {@code ${run.failed_steps}}, and in a {@code foreach:} step {@code ${item}} (its instance's
 * element). {@code $${} writes a literal {@code ${}. Immutable.
 */
public record Template(String source, List<Part> parts) {
    public Template {
        Objects.requireNonNull(source, "source");
        parts = List.copyOf(parts);
    }

    /** A piece of a template. */
    public sealed interface Part permits Text, Ref {}

    /** Literal text. */
    public record Text(String text) implements Part {}

    /**
     * A reference such as {@code steps.train.metrics.auc}: its namespace ({@code steps}) and the
     * remaining dot-separated segments ({@code [train, metrics, auc]}).
     */
    public record Ref(String expression, String namespace, List<String> segments) implements Part {
        public Ref {
            segments = List.copyOf(segments);
        }

        @Override
        public String toString() {
            return "${" + expression + "}";
        }
    }

    /** The namespaces a reference may start with. */
    public static final List<String> NAMESPACES = List.of("params", "with", "matrix", "steps", "inputs", "outputs", "env",
            "run", "item");

    /**
     * Parses {@code s}.
     *
     * @throws IllegalArgumentException for an unclosed {@code ${}, an empty reference or an unknown namespace
     */
    public static Template parse(String s) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                text.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("unclosed '${' in \"" + abbreviate(s) + "\": add the closing '}'");
                if (!text.isEmpty()) {
                    parts.add(new Text(text.toString()));
                    text.setLength(0);
                }
                parts.add(parseRef(s.substring(i + 2, end).trim()));
                i = end + 1;
            } else {
                text.append(s.charAt(i++));
            }
        }
        if (!text.isEmpty()) parts.add(new Text(text.toString()));
        return new Template(s, parts);
    }

    /** Parses the inside of {@code ${...}}. */
    public static Ref parseRef(String expr) {
        if (expr.isEmpty()) throw new IllegalArgumentException("empty reference '${}'");
        if (expr.contains("${")) {
            throw new IllegalArgumentException("'${' inside a reference ('${" + abbreviate(expr) + "}'): references do not nest;"
                    + " write one ${...} per value, e.g. ${params.depth}");
        }
        String[] bits = expr.split("\\.", -1);
        for (String b : bits) {
            if (b.isEmpty()) throw new IllegalArgumentException("malformed reference '${" + abbreviate(expr) + "}'");
        }
        if (!NAMESPACES.contains(bits[0])) {
            throw new IllegalArgumentException("unknown reference '${" + abbreviate(expr) + "}': a reference starts with one of "
                    + String.join(", ", NAMESPACES));
        }
        return new Ref(expr, bits[0], List.of(bits).subList(1, bits.length));
    }

    /** This template with each reference replaced by {@code rename}'s answer (text kept, {@code $${} escapes too). */
    public Template mapRefs(java.util.function.UnaryOperator<Ref> rename) {
        return replaceRefs(rename::apply);
    }

    /** This template with each reference replaced by {@code replace}'s part, and a source that reads back the same. */
    private Template replaceRefs(Function<Ref, Part> replace) {
        List<Part> out = new ArrayList<>(parts.size());
        StringBuilder src = new StringBuilder();
        for (Part p : parts) {
            Part q = p instanceof Ref r ? replace.apply(r) : p;
            out.add(q);
            src.append(q instanceof Text t ? t.text().replace("${", "$${") : q);
        }
        return new Template(src.toString(), out);
    }

    public boolean isConstant() {
        return parts.stream().noneMatch(p -> p instanceof Ref);
    }

    /** True when the whole string is one reference: it then renders to the referenced value itself, keeping its type. */
    public boolean isSingleRef() {
        return parts.size() == 1 && parts.getFirst() instanceof Ref;
    }

    public List<Ref> refs() {
        return parts.stream().filter(p -> p instanceof Ref).map(p -> (Ref) p).toList();
    }

    /**
     * Substitutes every reference. A single-reference template returns the value itself (a number stays a
     * number); otherwise values are converted to text and concatenated.
     *
     * @param resolver returns the value of a reference, or throws IllegalArgumentException saying why it has none
     */
    public Object render(Function<Ref, Object> resolver) {
        if (isSingleRef()) return resolver.apply((Ref) parts.getFirst());
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Ref r -> sb.append(text(resolver.apply(r)));
            }
        }
        return sb.toString();
    }

    /**
     * Substitutes the references that {@code resolver} can resolve now and keeps the others; returns the
     * value itself when nothing is left to resolve later, else the partly resolved template.
     */
    public Object partial(Function<Ref, Optional<Object>> resolver) {
        if (isSingleRef()) {
            Optional<Object> v = resolver.apply((Ref) parts.getFirst());
            return v.isPresent() ? v.get() : this;
        }
        Template replaced = replaceRefs(r -> resolver.apply(r).<Part>map(v -> new Text(text(v))).orElse(r));
        Template t = new Template(replaced.source(), merge(replaced.parts()));
        return t.isConstant() ? t.render(r -> { throw new IllegalStateException(); }) : t;
    }

    private static List<Part> merge(List<Part> parts) {
        List<Part> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Text t && !out.isEmpty() && out.getLast() instanceof Text prev) {
                out.set(out.size() - 1, new Text(prev.text() + t.text()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** How a value is written into a string: integral doubles without ".0", lists comma-separated. */
    public static String text(Object v) {
        return switch (v) {
            case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15 -> String.valueOf(d.longValue());
            case List<?> l -> String.join(",", l.stream().map(Template::text).toList());
            default -> String.valueOf(v);
        };
    }

    /** How much of a long text a message quotes. */
    static final int QUOTED = 60;

    /** {@code text} as a message quotes it: the first {@value #QUOTED} characters, then "... (N characters)". */
    public static String abbreviate(String text) {
        if (text.length() <= QUOTED) return text;
        return text.substring(0, QUOTED) + "... (" + text.length() + " characters)";
    }

    @Override
    public String toString() {
        return source;
    }
}
