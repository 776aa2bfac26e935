package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@code when:} condition: comparisons of references, numbers, quoted strings and booleans,
 * combined with {@code &&}, {@code ||}, {@code !} (or {@code and}, {@code or}, {@code not}) and parentheses.
 *
 * <pre>{@code
 * when: "${steps.evaluate.metrics.auc} >= 0.8 && ${params.deploy}"
 * }</pre>
 */
public record Condition(String source, Expr expr) {
    /**
     * How deep parentheses and {@code !} may nest. Chains of {@code &&} and {@code ||} do not count: they are kept as
     * balanced trees, so evaluating a condition never recurses deeper than this plus the logarithm of its length.
     */
    public static final int MAX_DEPTH = 100;

    public Condition {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expr, "expr");
    }

    /** A node of a condition's syntax tree. */
    public sealed interface Expr permits Literal, Reference, Not, And, Or, Compare {}

    public record Literal(Object value) implements Expr {}

    public record Reference(Template.Ref ref) implements Expr {}

    public record Not(Expr operand) implements Expr {}

    public record And(Expr left, Expr right) implements Expr {}

    public record Or(Expr left, Expr right) implements Expr {}

    public record Compare(CheckSpec.Op op, Expr left, Expr right) implements Expr {}

    /**
     * Parses a condition.
     *
     * @throws IllegalArgumentException naming the offending token and its column in the condition, or the column where
     *                                  parentheses and {@code !} nest deeper than {@link #MAX_DEPTH}
     */
    public static Condition parse(String source) {
        Parser p = new Parser(source);
        Expr e = p.or();
        if (p.pos < p.tokens.size()) {
            throw p.error("unexpected '" + p.tokens.get(p.pos).text + "'");
        }
        return new Condition(source, e);
    }

    /** All references the condition reads. */
    public List<Template.Ref> refs() {
        List<Template.Ref> out = new ArrayList<>();
        collect(expr, out);
        return out;
    }

    /**
     * This condition with each reference replaced by {@code rename}'s answer; the source text shows the new
     * references where it wrote the old ones.
     */
    public Condition mapRefs(java.util.function.UnaryOperator<Template.Ref> rename) {
        return bind(r -> java.util.Optional.empty(), rename);
    }

    /**
     * This condition with the references {@code known} has a value for replaced by that value, and the others by
     * {@code rename}'s answer; the source text keeps the known references as written and shows renamed ones renamed.
     */
    public Condition bind(Function<Template.Ref, java.util.Optional<Object>> known,
                          java.util.function.UnaryOperator<Template.Ref> rename) {
        String text = source;
        for (Template.Ref r : refs()) {
            if (known.apply(r).isPresent()) continue;
            Template.Ref renamed = rename.apply(r);
            if (!renamed.equals(r)) text = text.replace(r.toString(), renamed.toString());
        }
        return new Condition(text, map(expr, known, rename));
    }

    private static Expr map(Expr e, Function<Template.Ref, java.util.Optional<Object>> known,
                            java.util.function.UnaryOperator<Template.Ref> rename) {
        return switch (e) {
            case Literal l -> l;
            case Reference r -> known.apply(r.ref()).<Expr>map(Literal::new).orElseGet(() -> new Reference(rename.apply(r.ref())));
            case Not n -> new Not(map(n.operand(), known, rename));
            case And a -> new And(map(a.left(), known, rename), map(a.right(), known, rename));
            case Or o -> new Or(map(o.left(), known, rename), map(o.right(), known, rename));
            case Compare c -> new Compare(c.op(), map(c.left(), known, rename), map(c.right(), known, rename));
        };
    }

    private static void collect(Expr e, List<Template.Ref> out) {
        switch (e) {
            case Literal l -> { }
            case Reference r -> out.add(r.ref());
            case Not n -> collect(n.operand(), out);
            case And a -> { collect(a.left(), out); collect(a.right(), out); }
            case Or o -> { collect(o.left(), out); collect(o.right(), out); }
            case Compare c -> { collect(c.left(), out); collect(c.right(), out); }
        }
    }

    /**
     * Evaluates the condition.
     *
     * @param resolver the value of each reference; throws IllegalArgumentException when it has none
     * @throws IllegalArgumentException when a value has the wrong type for its use (e.g. a string where a boolean is needed)
     */
    public boolean test(Function<Template.Ref, Object> resolver) {
        return truth(eval(expr, resolver));
    }

    private static Object eval(Expr e, Function<Template.Ref, Object> resolver) {
        return switch (e) {
            case Literal l -> l.value();
            case Reference r -> resolver.apply(r.ref());
            case Not n -> !truth(eval(n.operand(), resolver));
            case And a -> truth(eval(a.left(), resolver)) && truth(eval(a.right(), resolver));
            case Or o -> truth(eval(o.left(), resolver)) || truth(eval(o.right(), resolver));
            case Compare c -> compare(c.op(), eval(c.left(), resolver), eval(c.right(), resolver));
        };
    }

    private static boolean compare(CheckSpec.Op op, Object l, Object r) {
        Double ln = number(l);
        Double rn = number(r);
        if (ln != null && rn != null) return op.test(ln, rn);
        int cmp = Template.text(l).compareTo(Template.text(r));
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            default -> throw new IllegalArgumentException("cannot compare '" + Template.text(l) + "' " + op.symbol()
                    + " '" + Template.text(r) + "': ordering needs two numbers");
        };
    }

    private static Double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean truth(Object v) {
        return switch (v) {
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") -> true;
            case String s when s.equalsIgnoreCase("false") -> false;
            case Number n -> n.doubleValue() != 0;
            default -> throw new IllegalArgumentException("'" + Template.text(v) + "' is not a boolean");
        };
    }

    private record Token(String text, int column, Object literal) {}

    private static final class Parser {
        final String source;
        final List<Token> tokens = new ArrayList<>();
        int pos;
        int depth;

        Parser(String source) {
            this.source = source;
            tokenize();
        }

        IllegalArgumentException error(String what) {
            int col = pos < tokens.size() ? tokens.get(pos).column : source.length() + 1;
            return new IllegalArgumentException("condition \"" + Template.abbreviate(source) + "\": " + what + " at column " + col);
        }

        /** Enters the level of parentheses or {@code !} the next token opens; refuses to go deeper than {@link #MAX_DEPTH}. */
        private void enter() {
            if (++depth > MAX_DEPTH) throw error("parentheses and '!' nest deeper than " + MAX_DEPTH + " levels");
        }

        private void tokenize() {
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (Character.isWhitespace(c)) { i++; continue; }
                int start = i;
                if (source.startsWith("${", i)) {
                    int end = source.indexOf('}', i);
                    if (end < 0) { pos = tokens.size(); throw new IllegalArgumentException("condition \"" + Template.abbreviate(source) + "\": unclosed '${' at column " + (i + 1)); }
                    tokens.add(new Token(source.substring(i, end + 1), start + 1, Template.parseRef(source.substring(i + 2, end).trim())));
                    i = end + 1;
                } else if (c == '\'' || c == '"') {
                    int end = source.indexOf(c, i + 1);
                    if (end < 0) throw new IllegalArgumentException("condition \"" + Template.abbreviate(source) + "\": unclosed quote at column " + (i + 1));
                    tokens.add(new Token(source.substring(i, end + 1), start + 1, source.substring(i + 1, end)));
                    i = end + 1;
                } else if ("<>=!&|()".indexOf(c) >= 0) {
                    String two = i + 1 < source.length() ? source.substring(i, i + 2) : "";
                    String op = List.of(">=", "<=", "==", "!=", "&&", "||").contains(two) ? two : String.valueOf(c);
                    tokens.add(new Token(op, start + 1, null));
                    i += op.length();
                } else {
                    while (i < source.length() && !Character.isWhitespace(source.charAt(i))
                            && "<>=!&|()".indexOf(source.charAt(i)) < 0) i++;
                    String word = source.substring(start, i);
                    tokens.add(new Token(word, start + 1, null));
                }
            }
        }

        /** True when the next token is one of {@code texts} (an operator or word, not a literal). */
        private boolean at(String... texts) {
            if (pos < tokens.size() && tokens.get(pos).literal == null) {
                for (String t : texts) {
                    if (tokens.get(pos).text.equals(t)) return true;
                }
            }
            return false;
        }

        private boolean accept(String... texts) {
            if (!at(texts)) return false;
            pos++;
            return true;
        }

        Expr or() {
            List<Expr> operands = new ArrayList<>(List.of(and()));
            while (accept("||", "or")) operands.add(and());
            return balanced(operands, 0, operands.size(), Or::new);
        }

        Expr and() {
            List<Expr> operands = new ArrayList<>(List.of(not()));
            while (accept("&&", "and")) operands.add(not());
            return balanced(operands, 0, operands.size(), And::new);
        }

        /**
         * A chain {@code a op b op c ...} as a balanced tree: both operators are associative (short-circuits
         * included, still left to right), and a balanced tree keeps evaluation shallow however long the chain.
         */
        private static Expr balanced(List<Expr> xs, int from, int to, java.util.function.BinaryOperator<Expr> op) {
            if (to - from == 1) return xs.get(from);
            int mid = (from + to) >>> 1;
            return op.apply(balanced(xs, from, mid, op), balanced(xs, mid, to, op));
        }

        Expr not() {
            int nots = 0;
            while (at("!", "not")) {
                enter();
                pos++;
                nots++;
            }
            Expr e = comparison();
            for (int i = 0; i < nots; i++) e = new Not(e);
            depth -= nots;
            return e;
        }

        Expr comparison() {
            Expr left = primary();
            for (CheckSpec.Op op : CheckSpec.Op.values()) {
                if (accept(op.symbol())) return new Compare(op, left, primary());
            }
            return left;
        }

        Expr primary() {
            if (pos >= tokens.size()) throw error("expected a value");
            if (at("(")) {
                enter();
                pos++;
                Expr e = or();
                if (!accept(")")) throw error("expected ')'");
                depth--;
                return e;
            }
            Token t = tokens.get(pos);
            if (t.literal instanceof Template.Ref r) { pos++; return new Reference(r); }
            if (t.literal instanceof String s) { pos++; return new Literal(s); }
            if ("<>=!&|()".indexOf(t.text.charAt(0)) >= 0) throw error("unexpected '" + t.text + "'");
            pos++;
            if (t.text.equals("true") || t.text.equals("false")) return new Literal(Boolean.parseBoolean(t.text));
            try {
                return new Literal(Double.parseDouble(t.text));
            } catch (NumberFormatException e) {
                return new Literal(t.text);
            }
        }
    }
}
