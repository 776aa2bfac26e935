package dev.sluice.yaml;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.util.Optional;

/** Turns the YAML parser's multi-line error into one line and a hint for the usual causes. Stateless. */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    /** {@code invalid YAML: could not find expected ':' while scanning a simple key}. */
    static String message(MarkedYamlEngineException e) {
        String problem = text(e.getProblem());
        if (problem.contains("\\t")) return "invalid YAML: a tab cannot start a token or indent a line";
        String context = text(e.getContext());
        if (context.contains("alias")) return "invalid YAML: '*' starts an alias (a reference to an &anchor), not text";
        Optional<Integer> contextLine = e.getContextMark().map(Mark::getLine).map(l -> l + 1)
                .filter(l -> e.getProblemMark().map(p -> p.getLine() + 1 != l).orElse(true));
        if (!context.isEmpty() && contextLine.isPresent()) context += " that starts at line " + contextLine.get();
        String text = problem.isEmpty() ? context : context.isEmpty() ? problem : problem + " " + context;
        return "invalid YAML: " + (text.isEmpty() ? "syntax error" : text);
    }

    /** Where to point: the start of an alias for alias errors, else where the parser gave up. */
    static Optional<Mark> mark(MarkedYamlEngineException e) {
        if (text(e.getContext()).contains("alias") && e.getContextMark().isPresent()) return e.getContextMark();
        return e.getProblemMark().or(e::getContextMark);
    }

    static String hint(MarkedYamlEngineException e) {
        String problem = text(e.getProblem());
        String context = text(e.getContext());
        if (problem.contains("\\t")) return "Indent with spaces; YAML does not allow tabs.";
        if (context.contains("alias") || context.contains("anchor")) {
            return "Quote values that start with '*' or '&' or contain '[*]' inside [ ] or { }, e.g. \"gbdt[*].model\".";
        }
        if (context.contains("flow")) {
            return "Close every '{' and '[' on the same item, and quote values that contain ',', ':', '[' or '{'.";
        }
        if (problem.contains("mapping values are not allowed")) {
            return "Quote a value that contains ': ', e.g. doc: \"ratio: 0.8\", or fix the indentation above.";
        }
        if (problem.contains("expected ':'")) return "Each key needs a colon and a space: key: value.";
        if (problem.contains("undefined alias")) return "Define the anchor (&name) before using *name.";
        if (problem.contains("another document") || context.contains("expected a single document")) return "Keep one pipeline per file; remove the extra '---'.";
        return "Check the indentation and quoting at this position.";
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static String text(String s) {
        return s == null ? "" : oneLine(s);
    }
}
