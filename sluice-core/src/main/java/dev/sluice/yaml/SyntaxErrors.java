package dev.sluice.yaml;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns the YAML parser's multi-line error into one line and a hint for the usual causes. Stateless. */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    /** {@code invalid YAML: could not find expected ':' while scanning a simple key}. */
    static String message(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : oneLine(e.getProblem());
        String context = e.getContext() == null ? "" : oneLine(e.getContext());
        String text = problem.isEmpty() ? context : context.isEmpty() ? problem : problem + " " + context;
        return "invalid YAML: " + (text.isEmpty() ? "syntax error" : text);
    }

    static String hint(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (problem.contains("\\t")) return "Indent with spaces; YAML does not allow tabs.";
        if (problem.contains("mapping values are not allowed")) {
            return "Quote a value that contains ': ', e.g. doc: \"ratio: 0.8\", or fix the indentation above.";
        }
        if (problem.contains("expected ':'")) return "Each key needs a colon and a space: key: value.";
        if (problem.contains("found undefined alias")) return "Define the anchor (&name) before using *name.";
        if (problem.contains("expected a single document")) return "Keep one pipeline per file; remove the extra '---'.";
        return "Check the indentation and quoting at this position.";
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
