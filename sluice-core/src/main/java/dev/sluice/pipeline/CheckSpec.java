package dev.sluice.pipeline;

import java.util.Arrays;
import java.util.Objects;

/**
 * A gate on one of a step's metrics, written {@code auc: ">= 0.80"}. A failed check fails the step;
 * its dependents are blocked.
 */
public record CheckSpec(String metric, Op op, double threshold) {
    public CheckSpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
    }

    /** A comparison operator. */
    public enum Op {
        GE(">="), LE("<="), GT(">"), LT("<"), EQ("=="), NE("!=");

        private final String symbol;

        Op(String symbol) { this.symbol = symbol; }

        public String symbol() { return symbol; }

        public boolean test(double observed, double threshold) {
            return switch (this) {
                case GE -> observed >= threshold;
                case LE -> observed <= threshold;
                case GT -> observed > threshold;
                case LT -> observed < threshold;
                case EQ -> observed == threshold;
                case NE -> observed != threshold;
            };
        }
    }

    /**
     * Parses {@code ">= 0.8"} (also {@code "0.8"}, meaning {@code ==}).
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static CheckSpec parse(String metric, String expression) {
        String e = expression.trim();
        Op op = Op.EQ;
        for (Op candidate : Arrays.stream(Op.values()).sorted((a, b) -> b.symbol.length() - a.symbol.length()).toList()) {
            if (e.startsWith(candidate.symbol)) {
                op = candidate;
                e = e.substring(candidate.symbol.length()).trim();
                break;
            }
        }
        double threshold;
        try {
            threshold = Double.parseDouble(e);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("check '" + metric + ": " + expression
                    + "' is not a comparison with a number; write e.g. \">= 0.8\", \"< 0.3\" or \"== 1\"");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("check '" + metric + ": " + expression
                    + "' is not a comparison with a finite number; write e.g. \">= 0.8\", \"< 0.3\" or \"== 1\"");
        }
        return new CheckSpec(metric, op, threshold);
    }

    /** True when {@code observed} passes the gate; a NaN metric (a measure that failed) passes none, {@code !=} included. */
    public boolean test(double observed) {
        return !Double.isNaN(observed) && op.test(observed, threshold);
    }

    /** {@code ">= 0.8"} */
    public String expected() {
        return op.symbol + " " + Template.text(threshold);
    }
}
